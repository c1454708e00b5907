/**
 * The Swedish text of an entry, as the writing checks read it: found by the schema (string and
 * text fields, rich text blocks, components and dynamic zones, however deep), so a new field is
 * checked the day it is added. URL-valued fields are addresses, not text; an image is a component
 * or entry with an image media field, whose alt text is its `alt` field (or the file's own
 * alternative text) unless it is marked `decorative`.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isUrlAttribute } from '../validation/urls';
import { objectsIn, pathJoin, populateAll, type Attributes, type SchemaObject } from '../schema-walk';
import { checkWriting, type CheckResult, type EntryText, type TextUnit } from './checks';

interface BlockNode {
  type?: string;
  text?: string;
  url?: string;
  level?: number;
  children?: BlockNode[];
  image?: { alternativeText?: string | null } | null;
}

const KIND: Record<string, TextUnit['kind']> = { paragraph: 'paragraph', heading: 'heading', 'list-item': 'list-item', quote: 'quote' };

const plainText = (nodes: BlockNode[] | undefined): string =>
  (nodes ?? []).map((node) => (node.type === 'text' ? (node.text ?? '') : plainText(node.children))).join('');

/** Images and links, wherever they sit in the blocks (links live inside paragraphs and list items). */
function inlineInto(out: EntryText, field: string, nodes: BlockNode[] | undefined): void {
  for (const node of nodes ?? []) {
    if (!node || typeof node !== 'object') continue;
    if (node.type === 'image') out.images.push({ field, alt: node.image?.alternativeText ?? null, decorative: false });
    else if (node.type === 'link') out.links.push({ field, text: plainText(node.children), url: node.url ?? '' });
    inlineInto(out, field, node.children);
  }
}

/** One unit per paragraph, heading, quote and list item (lists only hold their items). */
function unitsInto(out: EntryText, field: string, nodes: BlockNode[] | undefined): void {
  for (const node of nodes ?? []) {
    if (!node || typeof node !== 'object') continue;
    const kind = node.type ? KIND[node.type] : undefined;
    if (kind) out.units.push({ field, kind, text: plainText(node.children), ...(kind === 'heading' ? { level: node.level ?? 2 } : {}) });
    else if (node.type === 'list') unitsInto(out, field, node.children);
  }
}

function blocksInto(out: EntryText, field: string, nodes: unknown): void {
  if (!Array.isArray(nodes)) return;
  unitsInto(out, field, nodes as BlockNode[]);
  inlineInto(out, field, nodes as BlockNode[]);
}

function imageOf(object: SchemaObject): EntryText['images'][number] | undefined {
  const media = Object.entries(object.attributes).find(
    ([, attribute]) => attribute.type === 'media' && (attribute.allowedTypes as string[] | undefined)?.includes('images'),
  );
  if (!media) return undefined;
  const file = object.data[media[0]] as { alternativeText?: string | null } | null | undefined;
  const alt = 'alt' in object.attributes ? (object.data.alt as string | null | undefined) : file?.alternativeText;
  return { field: pathJoin(object.path, 'alt' in object.attributes ? 'alt' : media[0]), alt: alt ?? null, decorative: object.data.decorative === true };
}

/** The text units, links and images of an entry (or of the data a write is about to store). */
export function entryText(strapi: Core.Strapi, attributes: Attributes, data: unknown, mainField = 'title'): EntryText {
  const out: EntryText = { units: [], links: [], images: [] };
  for (const object of objectsIn(strapi, attributes, data)) {
    const image = imageOf(object);
    if (image) out.images.push(image);
    for (const [name, attribute] of Object.entries(object.attributes)) {
      // Fields no editor sees (the i18n plugin's `locale`) are not text of the entry.
      if ((attribute as { visible?: boolean }).visible === false) continue;
      const value = object.data[name];
      const field = pathJoin(object.path, name);
      if (attribute.type === 'blocks') blocksInto(out, field, value);
      else if ((attribute.type === 'string' || attribute.type === 'text') && typeof value === 'string' && value.trim() && !isUrlAttribute(name) && name !== 'alt') {
        out.units.push({ field, kind: field === mainField ? 'title' : 'text', text: value });
      }
    }
  }
  return out;
}

/** Loads the latest draft of a document and checks its writing. */
export async function checkDocument(strapi: Core.Strapi, uid: UID.ContentType, documentId: string): Promise<CheckResult & { title: string }> {
  const attributes = strapi.contentTypes[uid]!.attributes as Attributes;
  const mainField = 'title' in attributes ? 'title' : 'name';
  const draft = await strapi.documents(uid).findOne({
    documentId,
    status: 'draft',
    populate: populateAll(strapi, attributes),
  } as never);
  if (!draft) throw new errors.NotFoundError(`Posten ${documentId} (${uid}) finns inte.`);
  return { title: String((draft as Record<string, unknown>)[mainField] ?? ''), ...checkWriting(entryText(strapi, attributes, draft, mainField)) };
}
