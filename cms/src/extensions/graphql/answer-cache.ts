/**
 * The public answer cache: an anonymous GraphQL query (no Authorization, no cookie, no preview
 * secret, no `Cache-Control: no-cache`) that was answered without errors is kept, and the same
 * query with the same variables is answered from memory until the content changes or
 * GRAPHQL_CACHE_SECONDS pass (docs/decisions.md, "The public answer cache").
 *
 * "The content changes" is read off the database connection, not off a list of routes or types:
 * every statement that can write (anything but a read, a BEGIN or a savepoint) starts a new
 * generation when it starts and when it ends, and so does the COMMIT of a transaction that wrote;
 * an answer is kept only when no generation started while it was computed, and is served only in
 * the generation it was computed in. So what this process writes is never served stale, whichever
 * route, job or script wrote it. Another CMS instance's writes are not seen here: there the
 * answer's age is bounded by GRAPHQL_CACHE_SECONDS. The county sites' own queries send
 * `Cache-Control: no-cache` (shared/src/site/client.ts): a render always reads the database.
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { PREVIEW_SECRET_HEADER } from '@lansportalen/shared/preview';

/** Statements that write nothing: a read, or the start of a transaction or savepoint. */
const READS = new Set(['select', 'pragma', 'begin', 'savepoint', 'release', 'show', 'explain']);
const ENDS = new Set(['commit', 'rollback']);

interface QueryEvent {
  sql?: string;
  __knexTxId?: string;
}
interface Connection {
  on(event: 'query' | 'query-response' | 'query-error', listener: (...args: unknown[]) => void): void;
}

let generation = 0;
const watched = new WeakSet<object>();

/** Starts a new generation on every statement that can write (module doc); once per connection. */
export function watchWrites(connection: Connection): void {
  if (watched.has(connection)) return;
  watched.add(connection);
  const writing = new Set<string>();
  const verb = (event: QueryEvent) => /^\s*([a-z]+)/i.exec(event.sql ?? '')?.[1]?.toLowerCase() ?? '';
  connection.on('query', (event) => {
    const { __knexTxId: transaction } = event as QueryEvent;
    const name = verb(event as QueryEvent);
    if (READS.has(name)) return;
    if (ENDS.has(name)) {
      if (transaction && writing.delete(transaction)) generation += 1;
      return;
    }
    generation += 1;
    if (transaction) writing.add(transaction);
  });
  const ended = (event: unknown) => {
    const name = verb((event ?? {}) as QueryEvent);
    if (!READS.has(name)) generation += 1;
  };
  connection.on('query-response', (_response, event) => ended(event));
  connection.on('query-error', (_error, event) => ended(event));
}

type Context = GraphQLRequestContext<object>;

/** Whether the request is anonymous and asks for no fresh answer. */
function cacheable(context: Context): boolean {
  const headers = context.request.http?.headers;
  if (!headers) return false;
  if (headers.get('authorization') || headers.get('cookie') || headers.get(PREVIEW_SECRET_HEADER)) return false;
  return !/no-cache|no-store/i.test(headers.get('cache-control') ?? '');
}

const keyOf = (context: Context) =>
  createHash('sha256')
    .update(JSON.stringify([context.queryHash, context.operationName ?? null, context.request.variables ?? null]))
    .digest('base64url');

/** The Apollo plugin; `seconds` 0 turns the cache off. */
export function answerCache(seconds: number, connection: () => Connection | undefined): ApolloServerPlugin<object> {
  const cache = new InMemoryLRUCache<string>({ maxSize: 64 * 1024 * 1024 });
  return {
    async serverWillStart() {
      const db = connection();
      if (db) watchWrites(db);
    },
    async requestDidStart(started) {
      if (seconds <= 0 || !cacheable(started)) return;
      let key: string | undefined;
      let since = generation;
      return {
        async responseForOperation(context) {
          if (context.operation.operation !== 'query') return null;
          key = keyOf(context);
          since = generation;
          const kept = await cache.get(key);
          if (!kept) return null;
          const { at, data } = JSON.parse(kept) as { at: number; data: Record<string, unknown> };
          if (at !== generation) return null;
          context.response.http.headers.set('x-answer-cache', 'hit');
          return { http: context.response.http, body: { kind: 'single', singleResult: { data } } };
        },
        async willSendResponse(context) {
          const { body } = context.response;
          if (!key || body.kind !== 'single' || body.singleResult.errors || !body.singleResult.data) return;
          if (context.response.http.headers.get('x-answer-cache') === 'hit' || generation !== since) return;
          context.response.http.headers.set('x-answer-cache', 'miss');
          await cache.set(key, JSON.stringify({ at: since, data: body.singleResult.data }), { ttl: seconds });
        },
      };
    },
  };
}
