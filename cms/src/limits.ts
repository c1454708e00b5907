/** Query limits of the public API, REST and GraphQL alike (the plugins' defaults are unlimited). */
export const limits = {
  /** Items returned when a query does not say how many. */
  defaultLimit: 25,
  /** Most items one list may return. */
  maxLimit: 100,
  /** Deepest selection set a GraphQL query may nest. */
  depthLimit: 10,
  /** Most aliases in one GraphQL query (the sites' queries use at most 9). */
  maxAliases: 15,
  /**
   * Highest cost of one GraphQL query, as graphql-armor counts it (each field 1, each object 2,
   * × 1.5 per level of nesting; list sizes do not count). The sites' costliest query
   * (councils.graphql) costs about 630: tests/public-api.test.ts measures it.
   */
  maxCost: 2000,
  /** Most tokens (names, braces, values…) in one GraphQL document (the sites' longest: about 260). */
  maxTokens: 1000,
  /** Most directives (@include, @skip…) in one GraphQL document. */
  maxDirectives: 10,
} as const;
