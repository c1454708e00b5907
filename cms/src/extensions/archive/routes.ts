/**
 * The publish archive's routes.
 * Admin API (admin JWT; a county editor reads only their own county's site, the national role and
 * the super admin every county's):
 *   GET /lansportalen/archive                                    the counties whose archive the user reads
 *   GET /lansportalen/archive/:county?at=ISO                     the site's pages and content then
 *   GET /lansportalen/archive/:county/page?at=ISO&path=a/index.html   one page's HTML then
 *   GET /lansportalen/archive/:county/content/:id                one archived document, if that site showed it
 * Content API, for the publisher only (token derived from PREVIEW_SECRET, @lansportalen/shared/archive):
 *   POST /api/lansportalen/archive/renders                       a render's changed pages
 */
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { ARCHIVE_ROUTE, ARCHIVE_TOKEN_HEADER, archiveBatchSchema, archiveToken, pagePath } from '@lansportalen/shared/archive';
import { counties } from '@lansportalen/shared/counties';
import { secret } from '../../secrets';
import { countyOfActor, isNational } from '../audit/log';
import { adminRoutes, type Ctx } from '../admin-routes';
import { appendPages, bodyOf, contentRow, pageAt, snapshotAt } from './store';

const countySlug = z.enum(counties.map((c) => c.slug) as [string, ...string[]], { error: (issue) => `county: no county "${String(issue.input)}"` });
/** A moment: any ISO 8601 date-time with an offset, compared as UTC. */
export const moment = z.iso
  .datetime({ offset: true, error: (issue) => `at: "${String(issue.input)}" is not a date-time such as 2026-05-25T12:00:00Z` })
  .transform((value) => new Date(value).toISOString());

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new errors.ValidationError(z.prettifyError(parsed.error));
  return parsed.data;
}

const mayRead = (ctx: Ctx, county: string) => {
  const actor = { id: ctx.state.user.id, email: ctx.state.user.email, roles: ctx.state.user.roles ?? [] };
  return isNational(actor) || countyOfActor(actor) === county;
};

/** The county of the route, if the user may read its archive. */
function readableCounty(ctx: Ctx): string {
  const county = parse(countySlug, ctx.params.county);
  if (!mayRead(ctx, county)) throw new errors.PolicyError('Du får bara läsa arkivet för ditt eget län.');
  return county;
}

const atOf = (ctx: Ctx) => parse(moment, ctx.query.at ?? new Date().toISOString());

function tokenMatches(given: string | string[] | undefined): boolean {
  const value = Array.isArray(given) ? given[0] : given;
  if (!value) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(archiveToken(secret('PREVIEW_SECRET')));
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

interface ReceiverCtx {
  request: { headers: Record<string, string | string[] | undefined>; body: unknown };
  status: number;
  body: unknown;
}

export function registerArchiveRoutes(strapi: Core.Strapi): void {
  const knex = () => strapi.db.connection;
  const dir = () => strapi.config.get<string>('lansportalen.archive.dir');
  adminRoutes(strapi, [
    {
      method: 'GET',
      path: '/archive',
      handler: async (ctx) => ({ data: counties.filter((c) => mayRead(ctx, c.slug)).map(({ slug, name }) => ({ slug, name })) }),
    },
    {
      method: 'GET',
      path: '/archive/:county',
      handler: async (ctx) => ({ data: await snapshotAt(knex(), readableCounty(ctx), atOf(ctx)) }),
    },
    {
      method: 'GET',
      path: '/archive/:county/page',
      handler: async (ctx) => {
        const county = readableCounty(ctx);
        const row = await pageAt(knex(), county, atOf(ctx), parse(pagePath, ctx.query.path));
        if (!row) throw new errors.NotFoundError('Sidan fanns inte på webbplatsen vid den tidpunkten.');
        return { data: { county, path: row.path, hash: row.hash, since: row.at, html: bodyOf(row, dir()) } };
      },
    },
    {
      method: 'GET',
      path: '/archive/:county/content/:id',
      handler: async (ctx) => {
        const county = readableCounty(ctx);
        const row = /^\d+$/.test(ctx.params.id ?? '') ? await contentRow(knex(), Number(ctx.params.id)) : undefined;
        if (!row || !row.counties.includes(`,${county},`)) throw new errors.NotFoundError('Posten finns inte i arkivet för det här länet.');
        const { document_id: documentId, data, ...rest } = row;
        return { data: { ...rest, documentId, counties: row.counties.split(',').filter(Boolean), data: JSON.parse(data) as unknown } };
      },
    },
  ]);

  strapi.server.routes({
    type: 'content-api',
    routes: [
      {
        method: 'POST',
        path: ARCHIVE_ROUTE,
        handler: async (ctx: ReceiverCtx) => {
          if (!tokenMatches(ctx.request.headers[ARCHIVE_TOKEN_HEADER])) {
            ctx.status = 401;
            ctx.body = { error: 'archive token missing or wrong' };
            return;
          }
          const parsed = archiveBatchSchema.safeParse(ctx.request.body);
          if (!parsed.success || !counties.some((c) => c.slug === parsed.data.county)) {
            ctx.status = 400;
            ctx.body = { error: parsed.success ? `unknown county ${parsed.data.county}` : z.prettifyError(parsed.error) };
            return;
          }
          const { county, renderedAt, pages, removed, present } = parsed.data;
          ctx.body = await appendPages(knex(), { dir: dir(), county, at: new Date(renderedAt).toISOString(), pages, removed, present });
        },
        config: { auth: false },
      },
    ],
  } as never);
}
