/**
 * Draft preview links, shared by the CMS (which issues them to an editor who may read the draft)
 * and the site server (which checks them before it renders drafts). A token is
 * `<payload>.<signature>`, both base64url: the payload is the JSON of every claim (county, content
 * type, document, status, page path, the draft's updatedAt, expiry), and the signature is
 * HMAC-SHA256 over the payload with PREVIEW_SECRET, so changing any claim invalidates it.
 */
import crypto from 'node:crypto';
import { z } from 'zod';

/** The one name of the secret, in the CMS's and the preview renderer's environment. */
export const PREVIEW_SECRET_NAME = 'PREVIEW_SECRET';
/** The request header in which a preview render sends the secret to the CMS. */
export const PREVIEW_SECRET_HEADER = 'x-preview-secret';
export const DEFAULT_PREVIEW_MINUTES = 15;
/** Where a county site answers preview links: /forhandsvisning/?path=…&token=… */
export const PREVIEW_ROUTE = '/forhandsvisning/';

const MIN_SECRET_LENGTH = 16;
const MAX_TOKEN_LENGTH = 2048;
const SIGNATURE_BYTES = 32;
/** Domain separation: this secret's HMAC means "preview token, version 1" and nothing else. */
const SIGNING_CONTEXT = 'lansportalen-preview-v1.';

const claimsSchema = z.strictObject({
  county: z.string().regex(/^[a-z0-9-]+$/, 'a county slug'),
  uid: z.string().min(1),
  documentId: z.string().min(1),
  status: z.enum(['draft', 'published']),
  path: z
    .string()
    .regex(/^\/[^?#]*$/, 'a page path starting with /')
    .refine((p) => !p.split('/').includes('..'), 'no .. segments'),
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type PreviewClaims = z.infer<typeof claimsSchema>;

export type PreviewRefusal = 'malformed' | 'signature' | 'expired' | 'county' | 'path' | 'status';
export type PreviewVerdict = { ok: true; claims: PreviewClaims } | { ok: false; reason: PreviewRefusal };

export interface PreviewExpectations {
  /** The county of the site that is asked. */
  county: string;
  /** The page asked for. */
  path: string;
  /** The only status this site renders from a token (default: draft). */
  status?: PreviewClaims['status'];
  now?: Date;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function checkedSecret(secret: string | undefined): string {
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`${PREVIEW_SECRET_NAME} is missing or shorter than ${MIN_SECRET_LENGTH} characters: preview links cannot be signed or checked.`);
  }
  return secret;
}

const sign = (secret: string, payload: string) => crypto.createHmac('sha256', secret).update(SIGNING_CONTEXT + payload).digest();

export interface IssueInput extends Omit<PreviewClaims, 'expiresAt' | 'updatedAt'> {
  updatedAt?: string | null;
  /** Default: `ttlMinutes` from now. */
  expiresAt?: Date;
}

/** Preview tokens signed with one secret; links live `ttlMinutes` (default 15). */
export function previewTokens(secret: string | undefined, options: { ttlMinutes?: number } = {}) {
  const key = checkedSecret(secret);
  const ttlMinutes = options.ttlMinutes ?? DEFAULT_PREVIEW_MINUTES;
  if (!Number.isFinite(ttlMinutes) || ttlMinutes <= 0) throw new Error(`ttlMinutes: expected a positive number of minutes, got ${ttlMinutes}`);

  return {
    ttlMinutes,
    /** A token for exactly these claims; a bad claim throws, naming the field. */
    issue(input: IssueInput): string {
      const expiresAt = input.expiresAt ?? new Date(Date.now() + ttlMinutes * 60_000);
      const parsed = claimsSchema.safeParse({ ...input, updatedAt: input.updatedAt ?? null, expiresAt: expiresAt.toISOString() });
      if (!parsed.success) throw new Error(`Preview token: invalid claims\n${z.prettifyError(parsed.error)}`);
      const payload = base64url(JSON.stringify(parsed.data));
      return `${payload}.${base64url(sign(key, payload))}`;
    },
    /** The token's claims when its signature is right and it is valid for this site, path and time; else why not. */
    verify(token: string, expected: PreviewExpectations): PreviewVerdict {
      const refuse = (reason: PreviewRefusal): PreviewVerdict => ({ ok: false, reason });
      const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
      if (parts.length !== 2 || !parts[0] || !parts[1]) return refuse('malformed');
      const [payload, signature] = parts as [string, string];
      const given = Buffer.from(signature, 'base64url');
      const wanted = sign(key, payload);
      // Same length (the decoded size is not secret), then a comparison that takes the same time for every byte.
      if (given.length !== SIGNATURE_BYTES || !crypto.timingSafeEqual(given, wanted)) return refuse('signature');
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return refuse('malformed');
      }
      const claims = claimsSchema.safeParse(decoded);
      if (!claims.success) return refuse('malformed');
      if (Date.parse(claims.data.expiresAt) <= (expected.now ?? new Date()).getTime()) return refuse('expired');
      if (claims.data.county !== expected.county) return refuse('county');
      if (claims.data.path !== expected.path) return refuse('path');
      if (claims.data.status !== (expected.status ?? 'draft')) return refuse('status');
      return { ok: true, claims: claims.data };
    },
  };
}

/** The preview link of a page on a county site. */
export const previewLink = (siteUrl: string, path: string, token: string): string =>
  `${siteUrl.replace(/\/$/, '')}${PREVIEW_ROUTE}?path=${encodeURIComponent(path)}&token=${token}`;
