/**
 * Every address the CMS stores ends up in an `href` on a county site, so only harmless ones are
 * written: https:, http:, mailto:, tel: and paths on the site itself (/…, not //…). The
 * URL-valued attributes are found in the schema (`url`, `website`, names ending in Url/URL, and
 * links inside rich text), through components and dynamic zones. A create or update that holds
 * any other address is refused before anything is written, naming the field and the scheme;
 * this covers the admin panel, the seed import and every other write through the document
 * service. Publishing checks the draft too, so an address stored earlier cannot go live.
 */
import type { Core, Schema } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const ALLOWED_SCHEMES = ['https:', 'http:', 'mailto:', 'tel:'];
const ALLOWED_TEXT = 'Tillåtna är https:, http:, mailto:, tel: och sökvägar på webbplatsen (/…).';

export const isUrlAttribute = (name: string): boolean => name === 'url' || name === 'website' || /(Url|URL)$/.test(name);

/** Why this address may not be written (in Swedish, for the editor), or undefined when it may. */
export function urlProblem(value: string): string | undefined {
  const url = value.trim();
  if (url === '') return undefined;
  if (url.startsWith('//') || url.startsWith('/\\') || url.startsWith('\\')) {
    return `adressen "${url}" börjar med // och leder till en annan webbplats. Skriv hela adressen med https://. ${ALLOWED_TEXT}`;
  }
  if (url.startsWith('/')) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return `"${url}" är varken en fullständig adress (https://…) eller en sökväg på webbplatsen (/…). ${ALLOWED_TEXT}`;
  if (!ALLOWED_SCHEMES.includes(`${scheme}:`)) return `adressen använder schemat "${scheme}:", som inte är tillåtet. ${ALLOWED_TEXT}`;
  if (!URL.canParse(url)) return `"${url}" är ingen giltig adress.`;
  return undefined;
}

type Attributes = Record<string, Schema.Attribute.AnyAttribute>;
type Found = [path: string, value: string];

/** Links inside Strapi blocks (rich text): nodes of type "link" carry a url. */
function* linksIn(nodes: unknown, path: string): Generator<Found> {
  if (!Array.isArray(nodes)) return;
  for (const [i, node] of nodes.entries()) {
    if (!node || typeof node !== 'object') continue;
    const { type, url, children } = node as { type?: string; url?: unknown; children?: unknown };
    if (type === 'link' && typeof url === 'string') yield [`${path}[${i}].url`, url];
    yield* linksIn(children, `${path}[${i}].children`);
  }
}

/** Every URL-valued field in `data`, with its path (`link.url`, `evaluations[0].document.url`). */
export function* urlsIn(strapi: Core.Strapi, attributes: Attributes, data: unknown, path = ''): Generator<Found> {
  if (!data || typeof data !== 'object') return;
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = (data as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    const at = path ? `${path}.${name}` : name;
    if (attribute.type === 'component') {
      const component = strapi.components[attribute.component as keyof typeof strapi.components];
      if (!component) continue;
      const items = attribute.repeatable && Array.isArray(value) ? value.map((v, i) => [v, `${at}[${i}]`] as const) : [[value, at] as const];
      for (const [item, itemPath] of items) yield* urlsIn(strapi, component.attributes as Attributes, item, itemPath);
    } else if (attribute.type === 'dynamiczone' && Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        const component = strapi.components[(item as { __component?: string })?.__component as keyof typeof strapi.components];
        if (component) yield* urlsIn(strapi, component.attributes as Attributes, item, `${at}[${i}]`);
      }
    } else if (attribute.type === 'blocks') {
      yield* linksIn(value, at);
    } else if (isUrlAttribute(name) && typeof value === 'string') {
      yield [at, value];
    }
  }
}

/** Every component and media field, however deep: what a draft must be loaded with to be checked. */
export function populateAll(strapi: Core.Strapi, attributes: Attributes): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes).flatMap(([name, attribute]): [string, unknown][] => {
      if (attribute.type === 'dynamiczone' || attribute.type === 'media') return [[name, true]];
      if (attribute.type !== 'component') return [];
      const component = strapi.components[attribute.component as keyof typeof strapi.components];
      return [[name, { populate: component ? populateAll(strapi, component.attributes as Attributes) : {} }]];
    }),
  );
}

function check(strapi: Core.Strapi, attributes: Attributes, data: unknown): void {
  const problems = [...urlsIn(strapi, attributes, data)].flatMap(([path, value]) => {
    const message = urlProblem(value);
    return message ? [{ path, value, message }] : [];
  });
  if (problems.length === 0) return;
  throw new errors.ValidationError(problems.map((p) => `${p.path}: ${p.message}`).join('\n'), {
    errors: problems.map((p) => ({ path: p.path.split(/[.[\]]+/).filter(Boolean), message: p.message, name: 'ValidationError', value: p.value })),
  });
}

export function registerUrlValidation(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const attributes = context.contentType.attributes as Attributes;
    if (context.action === 'create' || context.action === 'update') {
      check(strapi, attributes, (context.params as { data?: unknown }).data);
    } else if (context.action === 'publish') {
      // A draft written before this rule, or past the document service, is checked before it goes live.
      const { documentId } = context.params as { documentId: string };
      const draft = await strapi.documents(context.uid).findOne({ documentId, status: 'draft', populate: populateAll(strapi, attributes) } as never);
      check(strapi, attributes, draft);
    }
    return next();
  });
}
