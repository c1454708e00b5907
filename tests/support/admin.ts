/** Admin users and admin API calls against a booted test CMS, as the admin panel makes them. */
import type { TestCms } from './cms';

/** The content manager's collection-type routes. */
export const cm = '/content-manager/collection-types';

export interface AdminResponse {
  status: number;
  text: string;
  body: any;
}

/** The password of every admin user `createEditor` makes (the browser suites log in with it). */
export const EDITOR_PASSWORD = 'Redaktor123!';

/** Creates an active admin user with one role (by code) and returns its admin JWT. */
export async function createEditor(cms: TestCms, roleCode: string, email: string): Promise<string> {
  const role = await cms.strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  if (!role) throw new Error(`No admin role with code ${roleCode}`);
  await cms.strapi.service('admin::user').create({
    firstname: 'Test',
    lastname: roleCode,
    email,
    password: EDITOR_PASSWORD,
    isActive: true,
    roles: [role.id],
  });
  const login = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: EDITOR_PASSWORD }),
  });
  const { data } = (await login.json()) as { data: { token: string } };
  return data.token;
}

/** One admin API request with an editor's token. */
export async function adminRequest(cms: TestCms, token: string, method: string, path: string, body?: unknown): Promise<AdminResponse> {
  const response = await fetch(`${cms.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, text, body: parsed };
}
