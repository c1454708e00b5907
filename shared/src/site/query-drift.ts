/**
 * The typecheck's hold on the site queries (site-queries.ts): each query's zod schema (schemas.ts)
 * against the type @graphql-codegen generates for its document from cms/schema.graphql
 * (generated/graphql.ts, `npm run codegen`). They agree when, field by field, the zod object has
 * the keys the query selects and no others, lists are lists and objects objects, every scalar or
 * enum value the schema allows is one zod takes, and a field the schema leaves nullable is nullable
 * in zod. Zod says more than the schema can, and that is not compared: a JSON field's shape (Strapi
 * blocks), URL safety, ISO dates, defaults, and what the CMS guarantees beyond its schema (below).
 */
import type { z } from 'zod';
import type * as Generated from './generated/graphql';
import type { SiteQueryKey, siteQueries } from './site-queries';

/** Each query's result as codegen types its document. */
interface GeneratedResults {
  chrome: Generated.ChromeQuery;
  accessibility: Generated.AccessibilityQuery;
  start: Generated.StartQuery;
  strategies: Generated.StrategiesQuery;
  agreements: Generated.AgreementsQuery;
  councils: Generated.CouncilsQuery;
  networks: Generated.NetworksQuery;
  projects: Generated.ProjectsQuery;
  policyDocuments: Generated.PolicyDocumentsQuery;
  pages: Generated.PagesQuery;
  easyReads: Generated.EasyReadsQuery;
  events: Generated.EventsQuery;
  news: Generated.NewsQuery;
  contacts: Generated.ContactsQuery;
}

/**
 * `true` for every entry of the table, else `npm run typecheck` fails here with a sentence naming
 * the field where a query and its zod schema part, or a `paged` that is not a list the query
 * selects; a query in the table without its generated type fails too.
 */
type EveryQueryAgrees<T extends Record<SiteQueryKey, true>> = T;
export type SiteQueriesAgree = EveryQueryAgrees<{ [K in SiteQueryKey]: QueryAgrees<GeneratedResults[K], (typeof siteQueries)[K]> }>;

type QueryAgrees<Result extends { countySite: object | null }, Query extends (typeof siteQueries)[SiteQueryKey]> =
  Agrees<Result, z.input<Query['schema']>> extends true
    ? PagedIsAList<NonNullable<Result['countySite']>, Exclude<Query['paged'], undefined>>
    : Agrees<Result, z.input<Query['schema']>>;

type PagedIsAList<Site, Paged> = [Paged] extends [never]
  ? true
  : Paged extends keyof Site
    ? Site[Paged] extends readonly unknown[] | null
      ? true
      : `paged: countySite.${Paged & string} is not a list`
    : `paged: countySite.${Paged & string} is not selected by the query`;

/** `true` when a generated result and a zod schema's input agree, else a sentence naming a drift. */
export type Agrees<Generated, Input> = [Drift<Generated, Input>] extends [never] ? true : First<Drift<Generated, Input>>;

/**
 * A key zod may have that the query does not select: `isFallback`, which the queries ask for on
 * `countySite`'s lists and not on nested relations (schemas.ts shares one object for both), and
 * which zod defaults to false.
 */
type MayBeUnselected = 'isFallback';
/** A field the schema leaves nullable that the CMS always fills, so zod requires it: the timestamp Strapi sets on every save. */
type AlwaysSet = 'updatedAt';

type Nullish = null | undefined;
type IsUnknown<T> = unknown extends T ? true : false;
type Key<T> = Extract<keyof T, string>;
/** One of a union of sentences (TypeScript picks by its own order; each names a real drift). */
type First<U> = [U] extends [never] ? never : U extends unknown ? U : never;

/** `never` when they agree, else the sentences naming where. */
type Drift<Generated, Input, Path extends string = 'data', Field extends string = ''> =
  IsUnknown<Generated> extends true
    ? never // a JSON scalar: zod alone says its shape
    : [NonNullable<Generated>] extends [readonly (infer Item)[]]
      ? // Strapi types every list, and every item of one, as nullable; the CMS answers with a list of entries.
        [NonNullable<Input>] extends [readonly (infer InputItem)[]]
        ? Drift<Exclude<Item, null>, InputItem, `${Path}[]`>
        : `${Path}: a list in the query, not in the zod schema`
      : Extract<Generated, Nullish> extends Extract<Input, Nullish>
        ? NonNull<NonNullable<Generated>, NonNullable<Input>, Path>
        : Field extends AlwaysSet
          ? NonNull<NonNullable<Generated>, NonNullable<Input>, Path>
          : `${Path}: the schema allows null, the zod schema does not`;

type NonNull<G, I, Path extends string> = [I] extends [readonly unknown[]]
  ? `${Path}: a list in the zod schema, not in the query`
  : [G] extends [object]
    ? [I] extends [object]
      ? First<Fields<G, I, Path>>
      : `${Path}: an object in the query, not in the zod schema`
    : [G] extends [I]
      ? never
      : `${Path}: the schema allows values the zod schema refuses`;

type Fields<G, I, Path extends string> =
  | { [K in Exclude<Key<G>, Key<I>>]: `${Path}.${K}: selected by the query, not in the zod schema` }[Exclude<Key<G>, Key<I>>]
  | { [K in Exclude<Key<I>, Key<G> | MayBeUnselected>]: `${Path}.${K}: in the zod schema, not selected by the query` }[Exclude<Key<I>, Key<G> | MayBeUnselected>]
  | { [K in Key<G> & Key<I>]: Drift<G[K], I[K], `${Path}.${K}`, K> }[Key<G> & Key<I>];
