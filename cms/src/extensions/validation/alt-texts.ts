/**
 * Every image on a county site needs an alternative text: the model has no decorative image
 * places (its images are the lead images of articles and events, component `content.image`).
 * An image field (a media field that allows images) inside a component with an `alt` field takes
 * its text from `alt`; when `alt` is empty and the file has an alternative text in the media
 * library, that text is copied into `alt`. An image field without an `alt` beside it needs the
 * file's own alternative text. A save or publish without one is refused with a 400 naming the
 * field and the entry, in Swedish, before anything is written.
 */
import type { Core, Schema } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { refsOf } from '../admin/entry-guard';
import { FILE_UID } from '../admin/media-folders';
import { populateAll } from '../schema-walk';

type Attributes = Record<string, Schema.Attribute.AnyAttribute>;

interface ImageUse {
  path: string;
  /** The component (or entry) data the image field is in. */
  holder: Record<string, unknown>;
  field: string;
  hasAlt: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isImageField = (attribute: Schema.Attribute.AnyAttribute) =>
  attribute.type === 'media' && ((attribute as { allowedTypes?: string[] }).allowedTypes ?? ['images']).includes('images');

/** Every image field with a file in `data`, through components and dynamic zones. */
function* imagesIn(strapi: Core.Strapi, attributes: Attributes, data: unknown, path = ''): Generator<ImageUse> {
  if (!isObject(data)) return;
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = data[name];
    if (value === undefined || value === null) continue;
    const at = path ? `${path}.${name}` : name;
    if (isImageField(attribute) && refsOf(value).length > 0) {
      yield { path: at, holder: data, field: name, hasAlt: attributes.alt?.type === 'string' };
    } else if (attribute.type === 'component') {
      const component = strapi.components[attribute.component as keyof typeof strapi.components];
      const items = attribute.repeatable && Array.isArray(value) ? value.map((v, i) => [v, `${at}[${i}]`] as const) : [[value, at] as const];
      for (const [item, itemPath] of items) if (component) yield* imagesIn(strapi, component.attributes as Attributes, item, itemPath);
    } else if (attribute.type === 'dynamiczone' && Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        const component = strapi.components[(item as { __component?: string })?.__component as keyof typeof strapi.components];
        if (component) yield* imagesIn(strapi, component.attributes as Attributes, item, `${at}[${i}]`);
      }
    }
  }
}

/** The alternative texts the media library holds for the files an image field names. */
async function fileAltTexts(strapi: Core.Strapi, value: unknown): Promise<string[]> {
  const refs = refsOf(value);
  const ids = refs.flatMap((r) => (r.id !== undefined ? [r.id] : []));
  const documentIds = refs.flatMap((r) => (r.documentId ? [r.documentId] : []));
  const files = (await strapi.db.query(FILE_UID).findMany({
    where: { $or: [{ id: { $in: ids } }, { documentId: { $in: documentIds } }] },
    select: ['alternativeText'],
  })) as { alternativeText: string | null }[];
  return files.map((f) => f.alternativeText?.trim() ?? '');
}

/** `fill`: a save may take a missing `alt` from the file; a publish needs it already stored. */
async function check(strapi: Core.Strapi, uid: string, data: unknown, entry: string, fill: boolean): Promise<void> {
  const attributes = strapi.contentType(uid as never).attributes as Attributes;
  for (const use of imagesIn(strapi, attributes, data)) {
    const own = use.hasAlt && typeof use.holder.alt === 'string' ? use.holder.alt.trim() : '';
    if (own !== '') continue;
    const fromFiles = use.hasAlt && !fill ? [] : await fileAltTexts(strapi, use.holder[use.field]);
    if (fromFiles.length > 0 && fromFiles.every((text) => text !== '')) {
      if (use.hasAlt) use.holder.alt = fromFiles[0];
      continue;
    }
    const where = use.hasAlt ? `i fältet "${use.path.replace(/\.[^.]+$/, '')}.alt"` : 'för filen i mediebiblioteket';
    const message = `Bilden i fältet "${use.path}" saknar alternativtext (${entry}). Skriv en text som beskriver bilden ${where}.`;
    throw new errors.ValidationError(message, { errors: [{ path: use.path.split(/[.[\]]+/).filter(Boolean), message, name: 'ValidationError' }] });
  }
}

/** How the entry is named in a message: its type and title, or its documentId. */
function entryName(strapi: Core.Strapi, uid: string, data: unknown, documentId?: string): string {
  const type = (strapi.contentType(uid as never).info as { displayName?: string }).displayName ?? uid;
  const title = isObject(data) && typeof data.title === 'string' ? data.title : isObject(data) && typeof data.name === 'string' ? data.name : documentId;
  return title ? `${type} "${title}"` : type;
}

export function registerAltTextRule(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!context.uid.startsWith('api::')) return next();
    const params = context.params as { data?: unknown; documentId?: string };
    if (context.action === 'create' || context.action === 'update') {
      await check(strapi, context.uid, params.data, entryName(strapi, context.uid, params.data, params.documentId), true);
    } else if (context.action === 'publish' && params.documentId) {
      // A draft saved before this rule cannot go live without alternative texts either.
      const attributes = context.contentType.attributes as Attributes;
      const draft = await strapi.documents(context.uid).findOne({ documentId: params.documentId, status: 'draft', populate: populateAll(strapi, attributes) } as never);
      await check(strapi, context.uid, draft, entryName(strapi, context.uid, draft, params.documentId), false);
    }
    return next();
  });
}
