/**
 * POST /api/feedback: a county site's "Hade du nytta av informationen?" form. Stores the answer
 * with county, page and time (never the sender's IP address), then sends the resident to the
 * county site's thank-you page (303). Dropped: a filled honeypot field (answered as if stored).
 * Refused, with a Swedish page that names the problem and keeps what was written: malformed
 * input (400), a form posted from another site than the county's (403), and more answers from one
 * client than FEEDBACK_RATE_LIMIT per FEEDBACK_RATE_WINDOW_SECONDS (429, with Retry-After).
 */
import { factories, type Core } from '@strapi/strapi';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { counties, countyBySlug } from '@lansportalen/shared/counties';
import { FEEDBACK_UID, parseSubmission } from '../submission';
import { PAGE_POLICY, refusedPage, thanksUrl, tooManyPage, wrongOriginPage } from '../responses';

type Context = {
  request: { ip: string; body?: unknown };
  get(name: string): string;
  set(name: string, value: string): void;
  status: number;
  type: string;
  body: unknown;
  redirect(url: string): void;
};

let limiter: RateLimiterMemory | undefined;
/** Per client address, in this process's memory only: the address is never written anywhere. */
function rateLimiter(strapi: Core.Strapi): RateLimiterMemory {
  const { points, windowSeconds } = strapi.config.get<{ points: number; windowSeconds: number }>('lansportalen.feedbackRateLimit');
  limiter ??= new RateLimiterMemory({ keyPrefix: 'feedback', points, duration: windowSeconds });
  return limiter;
}

function answer(ctx: Context, status: number, html: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', PAGE_POLICY);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}

/** A browser says where a form was posted from; it must be the county's own site (or unknown). */
function fromOtherSite(ctx: Context, countySlug: string): boolean {
  const origin = ctx.get('origin');
  if (!origin || origin === 'null') return false;
  return origin !== new URL(countyBySlug(countySlug)!.siteUrl).origin;
}

export default factories.createCoreController(FEEDBACK_UID as 'api::feedback.feedback', ({ strapi }) => ({
  async submit(ctx: Context) {
    const parsed = parseSubmission(ctx.request.body);
    const values = parsed.kind === 'invalid' ? parsed.values : parsed.kind === 'valid' ? { ...parsed.submission } : {};
    try {
      await rateLimiter(strapi).consume(ctx.request.ip);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.ceil(error.msBeforeNext / 1000);
      ctx.set('Retry-After', String(seconds));
      return answer(ctx, 429, tooManyPage(seconds, values));
    }
    if (parsed.kind === 'invalid') return answer(ctx, 400, refusedPage(parsed.problems, values));
    if (parsed.kind === 'dropped') {
      const county = countyBySlug(String((ctx.request.body as Record<string, unknown>).county)) ?? counties[0]!;
      ctx.status = 303;
      return ctx.redirect(thanksUrl(county.slug, String((ctx.request.body as Record<string, unknown>).page ?? '')));
    }
    const { county, page, useful, comment } = parsed.submission;
    if (fromOtherSite(ctx, county)) return answer(ctx, 403, wrongOriginPage(values));
    const owner = await strapi.documents('api::county.county').findFirst({ filters: { slug: { $eq: county } } } as never);
    await strapi.documents(FEEDBACK_UID as 'api::feedback.feedback').create({
      data: { owner: owner?.documentId, page, useful: useful === 'ja', comment: comment || null },
    } as never);
    ctx.status = 303;
    ctx.redirect(thanksUrl(county, page));
  },
}));
