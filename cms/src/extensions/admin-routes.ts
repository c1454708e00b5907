/**
 * Our admin API routes (archive, history, audit log, writing checks, local versions): all under
 * `/lansportalen`, all for a signed-in admin user (admin JWT, like the content manager), each
 * handler's result the response body. The generated attacker (tests/admin-routes-attacker.test.ts)
 * reads them back from Strapi's admin router.
 */
import type { Core } from '@strapi/strapi';

interface Ability {
  can(action: string, subject: string): boolean;
}
/** The Koa context of an admin route, as far as our handlers use it. */
export interface Ctx {
  params: Record<string, string>;
  query: Record<string, unknown>;
  state: { user: { id: number; email: string; roles?: { code: string }[] }; userAbility: Ability };
  body: unknown;
}

export interface AdminRoute {
  method: 'GET' | 'POST';
  /** Below `/lansportalen`. */
  path: string;
  /** Returns the response body; throws Strapi's errors (PolicyError: 403, NotFoundError: 404, ...). */
  handler: (ctx: Ctx) => Promise<unknown>;
}

/** Registers admin routes under `/lansportalen`; call in register(). */
export function adminRoutes(strapi: Core.Strapi, routes: AdminRoute[]): void {
  strapi.server.routes({
    type: 'admin',
    prefix: '/lansportalen',
    routes: routes.map(({ method, path, handler }) => ({
      method,
      path,
      handler: async (ctx: Ctx) => {
        ctx.body = await handler(ctx);
      },
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    })),
  } as never);
}
