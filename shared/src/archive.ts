/**
 * The publish archive's wire format between the publisher (which renders the county sites) and
 * the CMS (which keeps the archive): after each successful render the publisher posts the HTML
 * pages that changed, in batches, to `ARCHIVE_ROUTE`, authenticated with a token derived from
 * PREVIEW_SECRET (the one secret both already share in every set-up), so no new variable is needed
 * and a preview token can never pass as an archive token or the reverse.
 */
import crypto from 'node:crypto';
import { z } from 'zod';

/** The CMS's content-API route (under /api) that takes a render's pages. */
export const ARCHIVE_ROUTE = '/lansportalen/archive/renders';
export const ARCHIVE_TOKEN_HEADER = 'x-archive-token';
/** Domain separation: this HMAC of PREVIEW_SECRET means "archive token, version 1" and nothing else. */
const TOKEN_CONTEXT = 'lansportalen-archive-v1';
/** HTML per request, kept well below the CMS's JSON body limit. */
export const ARCHIVE_BATCH_BYTES = 256 * 1024;

export function archiveToken(previewSecret: string): string {
  return crypto.createHmac('sha256', previewSecret).update(TOKEN_CONTEXT).digest('hex');
}

/** A page's path in the site's folder layout: `index.html`, `nyheter/x/index.html`; never absolute, never `..`. */
export const pagePath = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[^/\\][^\\]*\.html$/, 'a relative path of an .html file')
  .refine((p) => !p.split('/').some((part) => part === '..' || part === '.' || part === ''), 'no empty, . or .. segments');

export const archiveBatchSchema = z.strictObject({
  county: z.string().regex(/^[a-z0-9-]+$/, 'a county slug'),
  /** When the render went live (ISO 8601, UTC): the moment from which these pages were public. */
  renderedAt: z.iso.datetime(),
  /** Pages whose HTML differs from the previous render's (all of them on a first render). */
  pages: z.array(z.strictObject({ path: pagePath, html: z.string() })).default([]),
  /** Paths the previous render had and this one has not. */
  removed: z.array(pagePath).default([]),
  /**
   * Every path of the render, sent (in the last batch) when the publisher has no previous render
   * to compare with: the archive then also ends every page it holds that is not among them.
   */
  present: z.array(pagePath).optional(),
});
export type ArchiveBatch = z.infer<typeof archiveBatchSchema>;

export const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
