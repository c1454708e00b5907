/**
 * The generated attacker suite. A Västmanland editor, then a national editor, calls every route in Strapi's own
 * content-manager route table (so a route added by an upgrade is attacked the day it appears),
 * for every type a county owns (found in the schema: federated, the accessibility statement,
 * feedback), against another county's secret draft, another county's published
 * entry with unpublished edits and a national entry, with bodies that name the target, try to
 * write it, and try to connect every relation (in components too) to other counties' entries.
 * A breach is any of: a secret draft's marker in a response, another county's or national
 * content changed (every version, every relation), a UID answer that reveals a hidden slug, a
 * server error. Every attack but the relation connections (judged per target document, whatever
 * the locale) runs again with `locale` set to another language of the county list, the languages
 * in turn (adding a translation of another county's or a national entry is a write; a secret
 * draft translation's marker is a leak). The attempt count is printed, per locale too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENT_UID, federatedCollections } from '../cms/src/extensions/federation/visibility';
import { FEEDBACK_UID } from '../cms/src/api/feedback/submission';
import { adminRequest, cm, createEditor, type AdminResponse } from './support/admin';
import {
  changedVersions,
  makeTargets,
  mainField,
  othersContent,
  ownedTypes,
  relationsOf,
  sampleData,
  type Route,
  type Target,
  type TypeTargets,
} from './support/attack-fixtures';
import { bootCms, type TestCms } from './support/cms';
import { portalLanguages } from '@lansportalen/shared/counties';

const VICTIM = 'dalarna';
/** Who attacks: a county editor, and a national editor (null: their own entries are national). */
const ATTACKERS: { name: string; county: string | null; role: string }[] = [
  { name: 'a Västmanland editor', county: 'vastmanland', role: 'lansportalen-editor-vastmanland' },
  { name: 'a national editor', county: null, role: 'lansportalen-editor-national' },
];
/**
 * Every attack runs once without a locale (Swedish, the default) and once with `locale` set to
 * another language of the county list, the languages in turn: a translation is the same document
 * under the same rules.
 */
const LOCALES: string[] = portalLanguages().filter((code) => code !== 'sv');
let turn = 0;
const nextLocale = () => LOCALES[turn++ % LOCALES.length]!;
/** Every type a county owns, from the schema (set once the CMS is up). */
let uids: string[] = [];

let cms: TestCms;
let token: string;
let targets: TypeTargets[];
let attempts = 0;
let breaches: string[] = [];
/** Attempts per locale ('sv': none given). */
let perLocale = new Map<string, number>();

/** Strapi's own route table of the content-manager plugin, with the prefix it is mounted on. */
function contentManagerRoutes(): Route[] {
  const routers = cms.strapi.plugin('content-manager').routes as unknown as Record<string, { routes: Route[] }>;
  return Object.values(routers).flatMap((router) => router.routes.map((r) => ({ method: r.method, path: `/content-manager${r.path}` })));
}

const secrets = () => targets.flatMap((t) => [t.draftOnly, t.modified]).map((t) => t.marker!);

const withLocale = (path: string, locale: string | undefined) => (locale ? `${path}${path.includes('?') ? '&' : '?'}locale=${locale}` : path);

function judge(label: string, response: AdminResponse, hiddenSlug?: string, locale = 'sv') {
  attempts += 1;
  perLocale.set(locale, (perLocale.get(locale) ?? 0) + 1);
  if (response.status >= 500) breaches.push(`${label}: server error ${response.status} ${response.text.slice(0, 200)}`);
  const leaked = secrets().filter((marker) => response.text.includes(marker));
  if (leaked.length) breaches.push(`${label}: response contains secret draft ${leaked.join(', ')}`);
  if (hiddenSlug && response.status < 300 && (response.body?.isAvailable === false || String(response.body?.data ?? '') === `${hiddenSlug}-1`)) {
    breaches.push(`${label}: UID answer reveals the hidden slug ${hiddenSlug}`);
  }
}

/** The requests one route gets for one type: path parameters and bodies from the target. */
interface Attack {
  label: string;
  path: string;
  body?: unknown;
  hiddenSlug?: string;
  /** Connects a relation of the attacker's own entry to another's entry. */
  connects?: boolean;
}

function attacksOn(route: Route, set: TypeTargets): Attack[] {
  const uid = set.uid;
  const hasId = /:(id|sourceId)\b/.test(route.path);
  const fieldParam = /:targetField\b/.test(route.path);
  const relations = relationsOf(cms.strapi, uid);
  const fields = fieldParam ? relations.map((r) => r.name) : [''];
  const name = mainField(cms.strapi, uid);
  const byType = (target: string) => targets.find((t) => t.uid === target);
  const out: Attack[] = [];
  const write = route.method === 'POST' || route.method === 'PUT';

  for (const field of fields) {
    const pathFor = (target: Target) =>
      route.path
        .replace(':model', uid)
        .replace(':contentType', uid)
        .replace(/:(id|sourceId)\b/, target.documentId)
        .replace(':targetField', field);
    const withQuery = (path: string, target: Target) =>
      hasId ? path : `${path}?id=${target.documentId}&documentId=${target.documentId}&documentIds[0]=${target.documentId}`;

    // Name the target: read it, count it, clone it, validate it, check its slug.
    for (const target of [set.draftOnly, set.modified, set.national]) {
      const body = write
        ? { documentIds: [target.documentId], contentTypeUID: uid, field: 'slug', value: target.slug, data: { [name]: target.marker ?? target.slug } }
        : undefined;
      out.push({ label: `${route.method} ${route.path} ${uid} ${field} name ${target.slug}`, path: withQuery(pathFor(target), target), body, hiddenSlug: target === set.draftOnly ? target.slug : undefined });
    }
    if (!write) continue;
    // Write the target: change it, re-own it, share it.
    for (const target of [set.modified, set.national]) {
      const body = { [name]: 'KAPAD', shownOnAllSites: true, documentIds: [target.documentId] };
      out.push({ label: `${route.method} ${route.path} ${uid} ${field} write ${target.slug}`, path: withQuery(pathFor(target), target), body });
    }
    // From the attacker's own entry (or a new one), connect every relation to other counties' entries.
    for (const relation of relations) {
      const other = byType(relation.target);
      if (!other) continue;
      for (const target of [other.draftOnly, other.modified, other.national]) {
        const body = { [relation.name]: { connect: [{ documentId: target.documentId }] } };
        out.push({ label: `${route.method} ${route.path} ${uid} connect ${relation.name} → ${target.slug}`, path: pathFor(set.own), body, connects: true });
      }
    }
  }
  return out;
}

beforeAll(async () => {
  cms = await bootCms();
  uids = ownedTypes(cms.strapi);
});

it('attacks every type a county owns, found in the schema', () => {
  console.log(`Attacker suite: ${uids.length} owned types: ${uids.join(', ')}`);
  expect(uids).toEqual(expect.arrayContaining([...federatedCollections.map((c) => c.uid as string), STATEMENT_UID, FEEDBACK_UID]));
});
afterAll(async () => {
  await cms?.stop();
});

describe.each(ATTACKERS)('$name against every content-manager route', ({ name, county, role }) => {
  beforeAll(async () => {
    token = await createEditor(cms, role, `angripare.${county ?? 'nationell'}@example.se`);
    targets = await makeTargets(cms.strapi, uids, county, VICTIM, LOCALES);
    [attempts, breaches, perLocale] = [0, [], new Map()];
    // A secret draft translation in every language for every type: more than the default 3 minutes on a busy machine.
  }, 900_000);
  afterAll(() => {
    console.log(`Attacker suite: ${attempts} attempts by ${name} on ${VICTIM}'s${county ? ' and national' : ''} content, ${breaches.length} breaches`);
    console.log(`Attacker suite: attempts per locale: ${[...perLocale].map(([locale, n]) => `${locale} ${n}`).join(', ')}`);
  });

  it('reads no secret draft, changes nothing of others, reveals no slug, crashes nothing', async () => {
    const routes = contentManagerRoutes();
    expect(routes.length).toBeGreaterThan(30);
    // Each round's snapshot after is the next round's snapshot before: nothing runs in between.
    let before = await othersContent(cms.strapi, uids, county);
    for (const route of routes) {
      const perType = /:(model|contentType)\b/.test(route.path) || route.path.includes('/uid/') ? targets : [targets[0]!];
      for (const set of perType) {
        const attacks = attacksOn(route, set);
        // Each attack without a locale, then again in another language, the languages in turn (every
        // route and type meets several). Connecting relations is judged per target document, in any locale.
        const rounds = [...attacks.map((a) => [a, undefined] as const), ...attacks.filter((a) => !a.connects).map((a) => [a, nextLocale()] as const)];
        for (const [attack, locale] of rounds) {
          const path = withLocale(attack.path, locale);
          judge(`${attack.label}${locale ? ` [${locale}]` : ''}`, await adminRequest(cms, token, route.method, path, attack.body), attack.hiddenSlug, locale);
        }
        const after = await othersContent(cms.strapi, uids, county);
        const changed = changedVersions(before, after);
        if (changed.length) breaches.push(`${route.method} ${route.path} ${set.uid}: changed another county's or national content: ${changed.join('; ')}`);
        before = after;
      }
    }
    expect(attempts).toBeGreaterThan(1000);
    expect([...perLocale.keys()].sort()).toEqual(portalLanguages().sort());
    expect(breaches).toEqual([]);
  }, 3_600_000);

  it('still edits its own entries through the same routes (the guard is not a wall)', async () => {
    const area = targets.find((t) => t.uid === 'api::collaboration-area.collaboration-area')!;
    const agreement = targets.find((t) => t.uid === 'api::agreement.agreement')!;
    const linked = await adminRequest(cms, token, 'PUT', `${cm}/${area.uid}/${area.own.documentId}`, {
      agreement: { connect: [{ documentId: agreement.own.documentId }] },
    });
    expect(linked.status, linked.text).toBe(200);
    const slug = `egen-kopia-${county ?? 'nationell'}`;
    const cloned = await adminRequest(cms, token, 'POST', `${cm}/api::page.page/clone/${targets.find((t) => t.uid === 'api::page.page')!.own.documentId}`, { slug });
    expect(cloned.status, cloned.text).toBe(200);
    const copy = await cms.strapi.db.query('api::page.page').findOne({ where: { slug }, populate: ['owner', 'sharedWith'] });
    expect(copy.owner?.slug ?? null).toBe(county);
  });

  it('edits its own accessibility statement, and cannot make a second one (national editors: none at all)', async () => {
    const statement = targets.find((t) => t.uid === STATEMENT_UID)!;
    const edited = await adminRequest(cms, token, 'PUT', `${cm}/${STATEMENT_UID}/${statement.own.documentId}`, { service: 'Vår egen webbplats' });
    expect(edited.status, edited.text).toBe(county ? 200 : 403);
    const second = await adminRequest(cms, token, 'POST', `${cm}/${STATEMENT_UID}`, sampleData(cms.strapi, STATEMENT_UID, 'En andra', 'andra'));
    expect(second.status, second.text).toBe(county ? 400 : 403);
    if (county) expect(second.text).toContain('Länet har redan en post av typen Tillgänglighetsredogörelse');
    // The seed's statement and the one the fixtures made for the attacker's county; no more.
    const owned = county && (await cms.strapi.documents(STATEMENT_UID as never).count({ filters: { owner: { slug: { $eq: county } } }, status: 'draft' } as never));
    if (county) expect(owned).toBe(2);
  });
});
