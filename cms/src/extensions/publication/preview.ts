/**
 * Draft preview. The preview credential is the PREVIEW_SECRET that the CMS and the site builder
 * share (npm start generates one per run; the public never has it): a request that carries it in
 * `x-preview-secret` may read drafts, and `countySite(preview: true)` then returns the latest
 * drafts. The admin panel's Preview button opens the owning county site's preview route, which
 * checks a token derived from the same secret.
 */
import crypto from 'node:crypto';
import type { Core, UID } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';

const previewSecret = () => process.env.PREVIEW_SECRET ?? '';

function sameSecret(given: string | undefined): boolean {
  const expected = previewSecret();
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** True when the current request carries the preview secret. */
export function requestHasPreviewSecret(strapi: Core.Strapi): boolean {
  const header = strapi.requestContext.get()?.request?.headers?.['x-preview-secret'];
  return sameSecret(Array.isArray(header) ? header[0] : header);
}

/** The token of the site's preview route for one path (HMAC of the path with the secret). */
export function previewToken(path: string, secret = previewSecret()): string {
  return crypto.createHmac('sha256', secret).update(path).digest('hex');
}

/** Where each content type's page lives on a county site. */
function pathOf(uid: string, entry: Record<string, any>): string {
  const slug = entry['slug'] as string;
  switch (uid) {
    case 'api::event.event':
      return `/evenemang/${slug}/`;
    case 'api::article.article':
      return `/nyheter/${slug}/`;
    case 'api::page.page':
      return `/sidor/${slug}/`;
    case 'api::strategy.strategy':
      return `/strategi/${slug}/`;
    case 'api::agreement.agreement':
      return `/overenskommelse/${slug}/`;
    case 'api::collaboration-area.collaboration-area':
      return entry['agreement'] ? `/overenskommelse/${entry['agreement'].slug}/${slug}/` : '/';
    case 'api::council.council':
      return `/rad/${slug}/`;
    case 'api::network.network':
      return '/natverk/';
    case 'api::project.project':
      return '/projekt/';
    case 'api::policy-document.policy-document':
      return '/styrdokument/';
    case 'api::contact.contact':
      return '/kontakt/';
    default:
      return '/';
  }
}

/** The Preview button's target: the draft on its owner's site (or the first site it is shown on). */
export async function previewUrl(strapi: Core.Strapi, uid: UID.ContentType, documentId: string): Promise<string | null> {
  const entry = (await strapi.documents(uid).findOne({
    documentId,
    status: 'draft',
    populate: { owner: { fields: ['slug'] }, sharedWith: { fields: ['slug'] }, ...(uid.includes('collaboration') ? { agreement: { fields: ['slug'] } } : {}) },
  } as never)) as Record<string, any> | null;
  if (!entry || !('owner' in entry)) return null;
  const slug = entry['owner']?.slug ?? entry['sharedWith']?.[0]?.slug ?? counties[0]!.slug;
  const county = counties.find((c) => c.slug === slug) ?? counties[0]!;
  const path = pathOf(uid, entry);
  return `${county.siteUrl}/forhandsvisning/?path=${encodeURIComponent(path)}&token=${previewToken(path)}`;
}
