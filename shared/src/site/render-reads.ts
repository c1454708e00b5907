/**
 * What one on-demand render of a page read: the site query answers (their cache ids, query-cache.ts)
 * and the clock. The publisher's render process (publisher/src/render-worker.ts) runs each request
 * of its server bundle inside `renderReads.run(...)`; the loaders note what they hand out, so that
 * the next render of the site can skip a page whose inputs (these answers, its props, the day) are
 * unchanged and keep its previous file (docs/decisions.md, "Renders of what changed"). Outside such
 * a request (a static build, astro dev) nothing is noted. Like the query cache it lives on
 * globalThis: the render process and its server bundle hold separate copies of this module.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** How a page depends on the time it is rendered: the Stockholm day, or the instant (never skipped). */
export type ClockRead = 'day' | 'instant';

export interface RenderReads {
  /** The cache ids of the query answers the page read. */
  keys: Set<string>;
  clock?: ClockRead;
  /** Above 0 while the page asks its own getStaticPaths for its props (page-props.ts): those reads are the props', not the page's. */
  paused: number;
}

export const renderReads: AsyncLocalStorage<RenderReads> = ((globalThis as { [key: symbol]: AsyncLocalStorage<RenderReads> | undefined })[
  Symbol.for('lansportalen.renderReads')
] ??= new AsyncLocalStorage<RenderReads>());

/** Notes that the page being rendered read these query answers. */
export function noteReads(...ids: string[]): void {
  const reads = renderReads.getStore();
  if (reads && !reads.paused) for (const id of ids) reads.keys.add(id);
}

/** The time now, noted as an input of the page being rendered: its Stockholm day, or the instant. */
export function readClock(kind: ClockRead): Date {
  const reads = renderReads.getStore();
  if (reads && reads.clock !== 'instant') reads.clock = kind;
  return new Date();
}

/** Runs `work` (a page's getStaticPaths) without noting its reads: they are the props' inputs, which the render path's digest covers. */
export async function withoutReads<T>(work: () => Promise<T>): Promise<T> {
  const reads = renderReads.getStore();
  if (reads) reads.paused += 1;
  try {
    return await work();
  } finally {
    if (reads) reads.paused -= 1;
  }
}
