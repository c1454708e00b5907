/**
 * Where a local version's page points its canonical URL. A local version lives at its source's
 * address (graphql/county-site.ts), so its canonical URL is the source's page on the source owner's
 * site while the source is published there; for a national source (no owner) or a source no
 * longer published, it is the page's own site. The GraphQL field `canonicalOwner`
 * (graphql/canonical-owner.ts) and the renders that follow a change of the source
 * (publication/site-rebuilds.ts) both read it from here.
 */
import type { Core } from '@strapi/strapi';

/** A county row, as the `County` GraphQL type resolves it. */
export type CountyRow = { slug: string } & Record<string, unknown>;

/** What a published source gives its local versions' pages: their address and their canonical owner. */
export interface SourcePage {
  slug: string;
  owner: CountyRow | null;
}

/** The published rows of these sources by documentId (a source not published is missing). */
export async function publishedSources(strapi: Core.Strapi, uid: string, documentIds: readonly string[]): Promise<Map<string, SourcePage>> {
  if (documentIds.length === 0) return new Map();
  const rows = (await strapi.db.query(uid as never).findMany({
    where: { documentId: { $in: [...new Set(documentIds)] }, publishedAt: { $notNull: true } },
    select: ['documentId', 'slug'],
    populate: { owner: true },
  })) as { documentId: string; slug: string; owner: CountyRow | null }[];
  return new Map(rows.map((row) => [row.documentId, { slug: row.slug, owner: row.owner ?? null }]));
}

/** The published local versions of one source, with their county and current address. */
interface Follower {
  county: string;
  slug: string | null;
}

/** Before a publish, unpublish or delete of `source`: its published page and its published local versions. */
export async function followersBefore(strapi: Core.Strapi, uid: string, source: string) {
  const rows = (await strapi.db.query(uid as never).findMany({
    where: { localVersionOf: source, publishedAt: { $notNull: true } },
    select: ['localVersionOfSlug'],
    populate: { owner: { select: ['slug'] } },
  })) as { localVersionOfSlug: string | null; owner: { slug: string } | null }[];
  const followers: Follower[] = rows.flatMap((r) => (r.owner ? [{ county: r.owner.slug, slug: r.localVersionOfSlug }] : []));
  const page = followers.length > 0 ? ((await publishedSources(strapi, uid, [source])).get(source) ?? null) : null;
  return { source, page, followers };
}

/**
 * After the change: the counties whose local version's page changed with the source, its address
 * (a new slug, which local-versions/links.ts then writes into `localVersionOfSlug`) or its
 * canonical owner (another owner, or the owner's page gone). A change of the text alone renders
 * none of them: the local version keeps its own text until its county takes the change.
 */
export async function followersChanged(strapi: Core.Strapi, uid: string, before: Awaited<ReturnType<typeof followersBefore>>): Promise<string[]> {
  if (before.followers.length === 0) return [];
  const after = (await publishedSources(strapi, uid, [before.source])).get(before.source) ?? null;
  const ownerMoved = (before.page?.owner?.slug ?? null) !== (after?.owner?.slug ?? null);
  return before.followers.filter((f) => ownerMoved || (after !== null && after.slug !== f.slug)).map((f) => f.county);
}
