/** Query limits of the public API, REST and GraphQL alike (the plugins' defaults are unlimited). */
export const limits = {
  /** Items returned when a query does not say how many. */
  defaultLimit: 25,
  /** Most items one list may return. */
  maxLimit: 100,
  /** Deepest selection set a GraphQL query may nest. */
  depthLimit: 10,
} as const;
