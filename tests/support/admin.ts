/** Admin-panel users in tests: an editor with one role, logged in through the real admin API. */
import type { TestCms } from './cms';

const password = 'Redaktor123!';

/** Creates an active admin user with the role of this code, logs in and returns the admin JWT. */
export async function createEditor(cms: TestCms, roleCode: string, email: string): Promise<string> {
  const role = await cms.strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  if (!role) throw new Error(`No admin role with code ${roleCode}`);
  await cms.strapi.service('admin::user').create({ firstname: 'Test', lastname: roleCode, email, password, isActive: true, roles: [role.id] });
  const login = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { data } = (await login.json()) as { data: { token: string } };
  return data.token;
}

/** An admin API request with an editor's JWT: status and parsed body (null when there is none). */
export async function adminRequest(cms: TestCms, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${cms.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}
