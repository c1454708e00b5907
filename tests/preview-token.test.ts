/**
 * The preview token module on its own (@lansportalen/shared/preview): claims survive the round
 * trip, each claim is covered by the signature, expectations are enforced, and signatures are
 * compared in constant time.
 */
import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { previewTokens, type PreviewClaims } from '@lansportalen/shared/preview';
import { isPagePath, pagePathOf, siteRoutes } from '@lansportalen/shared/routes';

const secret = crypto.randomBytes(24).toString('hex');
const tokens = previewTokens(secret);
const now = new Date('2030-01-01T12:00:00.000Z');
const claims: PreviewClaims = {
  county: 'vastmanland',
  uid: 'api::article.article',
  documentId: 'abc123def456',
  status: 'draft',
  path: '/nyheter/ny-integrationsstrategi-for-lanet/',
  updatedAt: '2029-12-31T10:00:00.000Z',
  expiresAt: '2030-01-01T12:15:00.000Z',
};
const issued = tokens.issue({ ...claims, expiresAt: new Date(claims.expiresAt) });
const expected = { county: claims.county, path: claims.path, now };

/** The token with its payload rewritten and the original signature kept. */
function withPayload(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [payload, signature] = token.split('.') as [string, string];
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  change(decoded);
  return `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
}

describe('preview tokens', () => {
  it('carry every claim through issue and verify', () => {
    expect(tokens.verify(issued, expected)).toEqual({ ok: true, claims });
  });

  it('expire after the configured minutes (15 by default)', () => {
    const token = tokens.issue({ ...claims, expiresAt: undefined });
    const verdict = tokens.verify(token, { county: claims.county, path: claims.path });
    expect(verdict.ok && Date.parse(verdict.claims.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(verdict.ok && Date.parse(verdict.claims.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const short = previewTokens(secret, { ttlMinutes: 1 }).issue({ ...claims, expiresAt: undefined });
    expect(tokens.verify(short, { county: claims.county, path: claims.path, now: new Date(Date.now() + 61_000) })).toEqual({ ok: false, reason: 'expired' });
  });

  it.each(Object.keys(claims))('are invalid when the claim %s is changed', (name) => {
    const forged = withPayload(issued, (payload) => {
      payload[name] = name.endsWith('At') ? '2031-06-01T00:00:00.000Z' : name === 'status' ? 'published' : `${payload[name]}x`;
    });
    expect(tokens.verify(forged, expected)).toEqual({ ok: false, reason: 'signature' });
  });

  it('are refused on another county, another page, after expiry, or for another status', () => {
    expect(tokens.verify(issued, { ...expected, county: 'dalarna' })).toEqual({ ok: false, reason: 'county' });
    expect(tokens.verify(issued, { ...expected, path: '/kontakt/' })).toEqual({ ok: false, reason: 'path' });
    expect(tokens.verify(issued, { ...expected, now: new Date('2030-01-01T12:15:00.000Z') })).toEqual({ ok: false, reason: 'expired' });
    expect(tokens.verify(issued, { ...expected, status: 'published' })).toEqual({ ok: false, reason: 'status' });
  });

  it('are refused when signed with another secret', () => {
    const other = previewTokens(crypto.randomBytes(24).toString('hex')).issue({ ...claims, expiresAt: new Date(claims.expiresAt) });
    expect(tokens.verify(other, expected)).toEqual({ ok: false, reason: 'signature' });
  });

  it('compare an equal-length garbage signature in constant time, and refuse it', () => {
    const [payload, signature] = issued.split('.') as [string, string];
    const garbage = crypto.randomBytes(32).toString('base64url');
    expect(garbage).toHaveLength(signature.length);
    const compare = vi.spyOn(crypto, 'timingSafeEqual');
    expect(tokens.verify(`${payload}.${garbage}`, expected)).toEqual({ ok: false, reason: 'signature' });
    expect(compare).toHaveBeenCalledTimes(1);
    compare.mockRestore();
  });

  it('refuse garbage of any shape without throwing', () => {
    const sameLength = crypto.randomBytes(Math.ceil((issued.length * 3) / 4)).toString('base64url').slice(0, issued.length);
    for (const token of ['', '.', 'a.b.c', sameLength, `${'x'.repeat(40)}.${'y'.repeat(43)}`, 'ä'.repeat(300), 'a'.repeat(5000)]) {
      expect(tokens.verify(token, expected).ok, token.slice(0, 40)).toBe(false);
    }
  });

  it('name the bad claim, and refuse a missing or short secret', () => {
    expect(() => tokens.issue({ ...claims, county: 'Dalarna!', expiresAt: undefined })).toThrow(/county/);
    expect(() => tokens.issue({ ...claims, path: '/a/../b/', expiresAt: undefined })).toThrow(/path/);
    expect(() => previewTokens('')).toThrow(/PREVIEW_SECRET/);
    expect(() => previewTokens('kort')).toThrow(/PREVIEW_SECRET/);
  });
});

describe('the route table', () => {
  it('names the page of an entry of each content type it lists', () => {
    expect(pagePathOf('api::article.article', { slug: 'x' })).toBe('/nyheter/x/');
    expect(pagePathOf('api::collaboration-area.collaboration-area', { slug: 'arbete', agreement: { slug: 'rok' } })).toBe('/overenskommelse/rok/arbete/');
    expect(pagePathOf('api::collaboration-area.collaboration-area', { slug: 'arbete' })).toBeNull();
    expect(pagePathOf('api::contact.contact', { slug: 'y' })).toBe('/kontakt/');
    expect(pagePathOf('api::county.county', { slug: 'dalarna' })).toBeNull();
    expect(pagePathOf('api::page.page', { slug: 'om-oss' })).toBe('/sidor/om-oss/');
    expect(pagePathOf('api::page.page', { slug: 'om-oss', easyToRead: true })).toBe('/lattlast/om-oss/');
  });

  it('shows each entry on one route only: a type on two routes splits its entries between them', () => {
    const uids = siteRoutes.flatMap((r) => (r.uid ? [r.uid] : []));
    for (const uid of new Set(uids)) {
      const routes = siteRoutes.filter((r) => r.uid === uid);
      if (routes.length === 1) continue;
      for (const entry of [{ easyToRead: true }, { easyToRead: false }, {}]) {
        expect(routes.filter((r) => r.shows?.(entry) ?? true), `${uid} ${JSON.stringify(entry)}`).toHaveLength(1);
      }
    }
  });

  it('knows the listed HTML pages a lättläst page can be the easy version of', () => {
    for (const path of ['/', '/kontakt/', '/sidor/integration/', '/overenskommelse/vagen-in/boende/', '/strategi/x/']) expect(isPagePath(path), path).toBe(true);
    for (const path of ['', 'kontakt', '/kontakt', '/tack/', '/404/', '/nyheter/rss.xml', '/evenemang/x.ics', '/sidor/', '/okand/', '//evil.example/', '/sidor/a/b/', '/lattlast/x/']) {
      expect(isPagePath(path), path).toBe(false);
    }
  });
});
