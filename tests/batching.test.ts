/**
 * Nested relations of countySite load in batches (cms/src/extensions/graphql/relation-batches.ts):
 * the SQL queries per request hardly grow with the number of entries, and the answers are the
 * ones the GraphQL plugin's own (unbatched) collection queries give for the same entries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type FieldNode, type FragmentDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootCms, type TestCms } from './support/cms';

const COUNTY = 'varmland';
const ITEMS = 25;
const queriesDir = path.resolve(import.meta.dirname, '../shared/src/site/queries');
const fragments = parse(readFileSync(path.join(queriesDir, 'fragments.graphql'), 'utf8')).definitions as FragmentDefinitionNode[];
const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

let cms: TestCms;
let sqlCount = 0;
let draftContact = '';

/** A query with the nested relations the sites ask for (to-one, to-many, a component). */
function listsQuery(limit: number): string {
  const nested = 'owner { slug name } sharedWith(pagination: { limit: 100 }) { slug }';
  return `{ countySite(slug: "${COUNTY}") {
    articles(limit: ${limit}) { title ${nested} contacts { name } image { alt } }
    events(limit: ${limit}) { title ${nested} contact { name } }
    pages(limit: ${limit}) { title ${nested} }
  } }`;
}

async function sqlPerRequest(query: string): Promise<number> {
  const result = await cms.graphql(query);
  expect(result.errors).toBeUndefined();
  sqlCount = 0;
  await cms.graphql(query);
  return sqlCount;
}

beforeAll(async () => {
  cms = await bootCms();
  const docs = (uid: string) => cms.strapi.documents(`api::${uid}.${uid}` as never);
  const [varmland, dalarna, vastmanland] = await Promise.all(
    [COUNTY, 'dalarna', 'vastmanland'].map(async (slug) => (await docs('county').findFirst({ filters: { slug } } as never))!.documentId),
  );
  const contact = await docs('contact').create({ data: { name: 'Publicerad kontakt', slug: 'batch-kontakt', kind: 'person', owner: varmland }, status: 'published' } as never);
  const draft = await docs('contact').create({ data: { name: 'Utkastkontakt', slug: 'batch-utkast', kind: 'person', owner: varmland } } as never);
  draftContact = draft.documentId;
  for (let i = 0; i < ITEMS; i += 1) {
    // Entries differ in their relations, so that an answer given to the wrong entry shows.
    const federation = { owner: varmland, sharedWith: [[], [dalarna], [dalarna, vastmanland]][i % 3] };
    await docs('article').create({
      data: { title: `Batchnyhet ${i}`, slug: `batchnyhet-${i}`, lead: 'Ingress.', body: paragraph('Text.'), publishedDate: '2030-01-01', contacts: i % 2 ? [contact.documentId, draftContact] : [draftContact], ...federation },
      status: 'published',
    } as never);
    await docs('event').create({
      data: { title: `Batchevenemang ${i}`, slug: `batchevenemang-${i}`, kind: 'seminar', startsAt: '2030-06-01T10:00:00Z', contact: i % 2 ? contact.documentId : draftContact, ...federation },
      status: 'published',
    } as never);
    await docs('page').create({ data: { title: `Batchsida ${i}`, slug: `batchsida-${i}`, body: paragraph('Text.'), order: i, ...federation }, status: 'published' } as never);
  }
  cms.strapi.db.connection.on('query', () => {
    sqlCount += 1;
  });
});

afterAll(async () => {
  await cms?.stop();
});

describe('countySite relation batching', () => {
  it(`needs at most 1.5 times the SQL queries for ${ITEMS} entries per list as for 1`, async () => {
    const one = await sqlPerRequest(listsQuery(1));
    const many = await sqlPerRequest(listsQuery(ITEMS));
    console.log(`SQL queries per countySite request: ${one} at 1 entry per list, ${many} at ${ITEMS}`);
    expect(many / one).toBeLessThanOrEqual(1.5);
  });

  it('does not show a draft-only entry that a published entry links to', async () => {
    const { data } = await cms.graphql<{ countySite: Record<string, { contacts?: { name: string }[]; contact?: { name: string } | null }[]> }>(listsQuery(ITEMS));
    const lists = data!.countySite;
    expect(lists.articles!.filter((a) => a.contacts!.length > 0).length).toBe(Math.floor(ITEMS / 2));
    expect(lists.events!.filter((e) => e.contact).length).toBeGreaterThan(0);
    expect(JSON.stringify(lists)).not.toContain('Utkastkontakt');
  });
});

/** Each list of a site query, with documentId added to its selection so that entries can be matched. */
function listFields(query: string): { document: string; lists: { key: string; field: FieldNode }[] } {
  const withIds = visit(parse(query), {
    Field(node) {
      if (node.name.value !== 'countySite' || !node.selectionSet) return undefined;
      const selections = node.selectionSet.selections.map((selection) => {
        if (selection.kind !== Kind.FIELD || !selection.selectionSet || selection.name.value === 'county') return selection;
        const documentId: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'documentId' } };
        return { ...selection, selectionSet: { ...selection.selectionSet, selections: [documentId, ...selection.selectionSet.selections] } };
      });
      return { ...node, selectionSet: { ...node.selectionSet, selections } };
    },
  });
  const lists: { key: string; field: FieldNode }[] = [];
  visit(withIds, {
    Field(node) {
      if (node.name.value !== 'countySite') return undefined;
      for (const selection of node.selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD && selection.selectionSet && selection.name.value !== 'county') {
          lists.push({ key: selection.alias?.value ?? selection.name.value, field: selection });
        }
      }
      return false;
    },
  });
  return { document: `${print(withIds)}\n${usedFragments(withIds)}`, lists };
}

/** The fragments a query uses, directly or through other fragments. */
function usedFragments(node: Parameters<typeof visit>[0]): string {
  const names = new Set<string>();
  const collect = (from: Parameters<typeof visit>[0]) =>
    visit(from, {
      FragmentSpread(spread) {
        if (names.has(spread.name.value)) return;
        names.add(spread.name.value);
        collect(fragments.find((fragment) => fragment.name.value === spread.name.value)!);
      },
    });
  collect(node);
  return fragments.filter((fragment) => names.has(fragment.name.value)).map(print).join('\n');
}

const queries = [
  ...readdirSync(queriesDir)
    .filter((file) => file.endsWith('.graphql') && file !== 'fragments.graphql')
    .map((file) => [`the site query ${file}`, readFileSync(path.join(queriesDir, file), 'utf8')]),
  ['the lists with relations above', listsQuery(ITEMS)],
];

describe.each(queries)('%s', (file, query) => {
  it('answers as the plugin’s own collection queries do for the same entries', async () => {
    const { document, lists } = listFields(query!);
    const batched = await cms.graphql<{ countySite: Record<string, { documentId: string }[]> }>(document, { county: COUNTY });
    expect(batched.errors).toBeUndefined();
    for (const { key, field } of lists) {
      const answer = batched.data!.countySite[key]! as { documentId: string }[] | { documentId: string } | null;
      // A single entry (the accessibility statement) against the plugin's own query for one document.
      const single = !Array.isArray(answer);
      const entries = [answer ?? []].flat();
      const ids = entries.map((entry) => entry.documentId);
      const args = single ? `documentId: ${JSON.stringify(ids[0] ?? '')}` : `filters: { documentId: { in: ${JSON.stringify(ids)} } }, pagination: { limit: 100 }`;
      const plainField: FieldNode = {
        ...field,
        alias: undefined,
        arguments: parse(`{ x(${args}) }`).definitions.flatMap((d) =>
          d.kind === Kind.OPERATION_DEFINITION ? [(d.selectionSet.selections[0] as FieldNode).arguments!] : [],
        )[0],
      };
      const plain = await cms.graphql<Record<string, { documentId: string }[] | { documentId: string } | null>>(`{ ${print(plainField)} }\n${usedFragments(field)}`);
      expect(plain.errors, `${file} ${key}`).toBeUndefined();
      const byId = new Map([plain.data![field.name.value] ?? []].flat().map((entry) => [entry.documentId, entry]));
      expect(entries.map((entry) => byId.get(entry.documentId)), `${file} ${key}`).toEqual(entries);
      if (single) expect(entries, `${file} ${key}: the county's statement`).toHaveLength(1);
    }
  });
});
