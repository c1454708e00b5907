/**
 * The generated attacker of our own routes. A Västmanland editor calls every route the running
 * CMS has registered under `/lansportalen` (admin API) and `/api/lansportalen` (content API), read
 * from Strapi's own routers (so a route added tomorrow is attacked the day it appears), for every
 * type a county owns (found in the schema, as in attacker.test.ts) × each of Dalarna's entries of
 * that type (a secret draft, a published entry with a secret edit, Dalarna's local version of a
 * national entry), with every path parameter filled with Dalarna's values: the entry, its
 * revision history versions, its archived content rows, the county itself. A path parameter the
 * suite cannot fill fails the coverage test, so no route slips through unattacked.
 * A breach is: a request naming Dalarna's entry or county answered below 400, a secret marker,
 * Dalarna's slug, archived page or a record of Dalarna's in any response, Dalarna's content,
 * history or archive changed, a server error. The attempt count is printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_ROUTE, ARCHIVE_TOKEN_HEADER, archiveToken } from '@lansportalen/shared/archive';
import { ARCHIVE_CONTENT_TABLE, ARCHIVE_PAGES_TABLE } from '../cms/src/extensions/archive/store';
import { HISTORY_TABLE } from '../cms/src/extensions/history/versions';
import { adminRequest, createEditor, type AdminResponse } from './support/admin';
import { changedVersions, mainField, makeTargets, othersContent, ownedTypes, type Route, type Target } from './support/attack-fixtures';
import { bootCms, type TestCms } from './support/cms';

const VICTIM = 'dalarna';
const ATTACKER = 'vastmanland';
/** Dalarna's archived page: its text must never reach the attacker. */
const PAGE = { path: 'hemlig-sida/index.html', html: '<html><body>ARKIVHEMLIGT Dalarnas sida</body></html>' };

let cms: TestCms;
let token: string;
let uids: string[];
/** Per type, Dalarna's entries under attack: the fixtures' secret ones and Dalarna's local version. */
const victims = new Map<string, Target[]>();
/** Per type, a revision of the attacker's own entry (to compare a victim's version with). */
const ownVersion = new Map<string, number>();
let attempts = 0;
const breaches: string[] = [];

/** Our routes as the running CMS routes them: Strapi's admin and content-API routers, filtered to our prefix. */
function ourRoutes(): Route[] {
  const routes = (['admin', 'content-api'] as const).flatMap((api) =>
    (cms.strapi.server.api(api as never).listRoutes() as unknown as { path: string; methods: string[] }[]).flatMap((layer) =>
      layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: layer.path })),
    ),
  );
  return routes.filter((r) => /^(\/api)?\/lansportalen\//.test(r.path));
}

const knex = () => cms.strapi.db.connection;
const versionIds = async (documentId: string) => (await knex()(HISTORY_TABLE).where({ document_id: documentId }).orderBy('id').pluck('id')) as number[];
const archivedIds = async (documentId: string) => (await knex()(ARCHIVE_CONTENT_TABLE).where({ document_id: documentId }).pluck('id')) as number[];

type Fill = (uid: string, target: Target) => Promise<{ value: string; names: boolean }[]>;
const naming = (values: (string | number | undefined)[], names = true) => values.filter((v) => v !== undefined).map((v) => ({ value: String(v), names }));
/**
 * How each path parameter is filled, by its name: every candidate is tried (their product per
 * route). `names`: the value names Dalarna's data beyond doubt, so any answer below 400 is a
 * breach; other answers are judged by what they contain. A parameter missing here fails the
 * coverage test: add how to attack it.
 */
const FILLS: Record<string, Fill> = {
  uid: async (uid) => naming([uid], false),
  documentId: async (_uid, target) => naming([target.documentId]),
  // A revision of the entry (history) or its archived document (archive): numbers in two tables, so
  // the same number may be another entry's in the other one; judged by the answer's content.
  id: async (_uid, target) => naming([...(await versionIds(target.documentId)), ...(await archivedIds(target.documentId))], false),
  // The second version of a comparison: the attacker's own, and the victim's own first.
  other: async (uid, target) => naming([ownVersion.get(uid), (await versionIds(target.documentId))[0]], false),
  // Dalarna's archive, and the attacker's own county's (naming Dalarna's content by id).
  county: async () => [...naming([VICTIM]), ...naming([ATTACKER], false)],
};
const paramsOf = (route: Route) => [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** Every path of a route for one target: the product of the candidates of its parameters. */
async function pathsFor(route: Route, uid: string, target: Target): Promise<{ path: string; naming: boolean }[]> {
  let paths = [{ path: route.path, naming: false }];
  for (const param of paramsOf(route)) {
    const values = await FILLS[param]!(uid, target);
    paths = paths.flatMap((p) => values.map(({ value, names }) => ({ path: p.path.replace(`:${param}`, value), naming: p.naming || names })));
  }
  return paths;
}

/** The query and body every request carries: they name Dalarna's entry, county and page. */
function extras(uid: string, target: Target, county: string) {
  const query = new URLSearchParams({ county, uid, documentId: target.documentId, at: new Date().toISOString(), path: PAGE.path, pageSize: '100' });
  const body = {
    county: VICTIM,
    uid,
    documentId: target.documentId,
    data: { [mainField(cms.strapi, uid)]: 'KAPAD' },
    renderedAt: new Date().toISOString(),
    pages: [{ path: PAGE.path, html: '<html>KAPAD</html>' }],
  };
  return { query: query.toString(), body };
}

/** Everything of Dalarna's (and national) content, Dalarna's history and archive. */
async function victimState() {
  const count = async (table: string, where: Record<string, string>) => JSON.stringify(await knex()(table).where(where).count({ n: '*' }));
  return {
    content: await othersContent(cms.strapi, uids, ATTACKER),
    rest: [await count(HISTORY_TABLE, { county: VICTIM }), await count(ARCHIVE_PAGES_TABLE, { county: VICTIM }), await count(ARCHIVE_CONTENT_TABLE, {})].join(),
  };
}

function judge(label: string, naming: boolean, response: AdminResponse) {
  attempts += 1;
  const all = [...victims.values()].flat();
  if (response.status >= 500) breaches.push(`${label}: server error ${response.status} ${response.text.slice(0, 200)}`);
  if (naming && response.status < 400) breaches.push(`${label}: answered ${response.status} a request naming Dalarna's data`);
  // Every version and archived document of an entry holds its slug; a version's summary and an audit record the county.
  const secrets = [...all.flatMap((t) => [t.marker!, t.slug]), 'ARKIVHEMLIGT', `"county":"${VICTIM}"`];
  if (response.status < 400) secrets.push(...all.map((t) => t.documentId));
  const leaked = secrets.filter((s) => response.text.includes(s));
  if (leaked.length) breaches.push(`${label}: response contains ${leaked.join(', ')}`);
}

beforeAll(async () => {
  cms = await bootCms();
  uids = ownedTypes(cms.strapi);
  token = await createEditor(cms, `lansportalen-editor-${ATTACKER}`, 'angripare.egna-vagar@example.se');
  const dalarna = await createEditor(cms, `lansportalen-editor-${VICTIM}`, 'offer.egna-vagar@example.se');
  const targets = await makeTargets(cms.strapi, uids, ATTACKER, VICTIM);
  for (const set of targets) {
    const list = [set.draftOnly, set.modified];
    // Dalarna's local version of the national entry, made through its route, with a secret edit.
    const made = await adminRequest(cms, dalarna, 'POST', `/lansportalen/local-versions/${set.uid}/${set.national.documentId}`);
    if (made.status !== 200) console.log(`Own-routes attacker: no local version of ${set.uid}: ${made.status} ${made.text.slice(0, 200)}`);
    else {
      const documentId = made.body.data.documentId as string;
      const marker = `LOKALHEMLIGT${list.length}${set.uid.replace(/\W/g, '')}`;
      await cms.strapi.documents(set.uid as never).update({ documentId, data: { [mainField(cms.strapi, set.uid)]: marker } } as never);
      const { slug } = (await cms.strapi.db.query(set.uid as never).findOne({ where: { documentId }, select: ['slug'] })) as { slug: string };
      list.push({ documentId, slug, marker });
    }
    victims.set(set.uid, list);
    const own = await versionIds(set.own.documentId);
    if (own.length) ownVersion.set(set.uid, own[0]!);
  }
  // A render of Dalarna's site, archived through the publisher's route with its token.
  const archived = await fetch(`${cms.url}/api${ARCHIVE_ROUTE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ARCHIVE_TOKEN_HEADER]: archiveToken(process.env.PREVIEW_SECRET!) },
    body: JSON.stringify({ county: VICTIM, renderedAt: new Date(Date.now() - 60_000).toISOString(), pages: [PAGE] }),
  });
  expect(archived.status, await archived.text()).toBe(200);
}, 300_000);

afterAll(async () => {
  console.log(`Own-routes attacker: ${attempts} attempts by a Västmanland editor on Dalarna's entries, versions and archive, ${breaches.length} breaches`);
  await cms?.stop();
});

describe("a Västmanland editor at every route of ours, against Dalarna's data", () => {
  it('has a way to fill every path parameter of every route (a new route is attacked, or fails here)', () => {
    const routes = ourRoutes();
    console.log(`Own-routes attacker: ${routes.length} routes: ${routes.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    expect(routes.length).toBeGreaterThanOrEqual(14);
    const unfilled = routes.flatMap((r) => paramsOf(r).filter((p) => !FILLS[p]).map((p) => `${r.method} ${r.path} (:${p})`));
    expect(unfilled, 'path parameters without an attack: add them to FILLS').toEqual([]);
  });

  it('attacks Dalarna through entries of every owned type, versions and archived content', async () => {
    const ids = [...victims.values()].flat().map((t) => t.documentId);
    const [versions, archivedContent] = [(await Promise.all(ids.map(versionIds))).flat(), (await Promise.all(ids.map(archivedIds))).flat()];
    console.log(`Own-routes attacker: ${versions.length} versions and ${archivedContent.length} archived documents of Dalarna's`);
    expect(versions.length).toBeGreaterThan(ids.length);
    expect(archivedContent.length).toBeGreaterThan(0);
    console.log(`Own-routes attacker: ${uids.length} owned types, ${[...victims.values()].flat().length} entries of Dalarna's`);
    // Local versions, history versions and archived content exist to be attacked.
    expect([...victims.values()].filter((list) => list.length === 3).length).toBeGreaterThanOrEqual(5);
    expect(ownVersion.size).toBeGreaterThanOrEqual(5);
  });

  it('reads nothing of Dalarna, changes nothing, crashes nothing', async () => {
    const routes = ourRoutes();
    // Each round's state after is the next round's state before: nothing runs in between.
    let before = await victimState();
    for (const route of routes) {
      for (const uid of uids) {
        for (const target of victims.get(uid)!) {
          for (const { path, naming } of await pathsFor(route, uid, target)) {
            for (const county of [VICTIM, ATTACKER]) {
              const { query, body } = extras(uid, target, county);
              const write = route.method !== 'GET';
              const label = `${route.method} ${path}?county=${county} (${uid})`;
              judge(label, naming, await adminRequest(cms, token, route.method, `${path}?${query}`, write ? body : undefined));
            }
          }
        }
        const after = await victimState();
        const changed = changedVersions(before.content, after.content);
        if (changed.length) breaches.push(`${route.method} ${route.path} ${uid}: changed Dalarna's or national content: ${changed.join('; ')}`);
        if (before.rest !== after.rest) breaches.push(`${route.method} ${route.path} ${uid}: Dalarna's history or archive changed: ${before.rest} → ${after.rest}`);
        before = after;
      }
    }
    expect(attempts).toBeGreaterThan(1000);
    expect(breaches).toEqual([]);
  }, 1_200_000);
});
