/** Admin users with a given role, and calls to the admin API (content-manager) as they make them. */
import { expect } from 'vitest';
import type { TestCms } from './cms';

export const cm = '/content-manager/collection-types';

export async function admin(cms: TestCms, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${cms.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

/** Creates an active admin user with the role `roleCode`, logs in and returns the admin token. */
export async function editor(cms: TestCms, roleCode: string, email: string): Promise<string> {
  const role = await cms.strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  expect(role, roleCode).toBeTruthy();
  await cms.strapi.service('admin::user').create({
    firstname: 'Test',
    lastname: roleCode,
    email,
    password: 'Redaktor123!',
    isActive: true,
    roles: [role.id],
  });
  const login = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'Redaktor123!' }),
  });
  const { data } = (await login.json()) as { data: { token: string } };
  return data.token;
}
