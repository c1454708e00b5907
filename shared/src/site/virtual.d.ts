declare module 'virtual:lansportalen/site' {
  import type { County } from '../counties';
  /** The county this site is built for, with its look. */
  export const county: County;
  /** Every county in the list, for links to the other county sites. */
  export const counties: County[];
  /** Whether this is the publisher's server bundle (on-demand renders), not a static build. */
  export const onDemand: boolean;
}

/** `:root { --primary; --accent }` of the county, bundled into the site's stylesheet. */
declare module 'virtual:lansportalen/colors.css' {}

declare module '*.graphql?raw' {
  const document: string;
  export default document;
}

/** Vite's glob import (the render paths of the publisher's server bundle). */
interface ImportMeta {
  glob<M>(pattern: string): Record<string, () => Promise<M>>;
}
