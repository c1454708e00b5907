/**
 * Walking an entry by its schema: the entry itself and every component in it (single,
 * repeatable or in a dynamic zone), however deep, each with its path (`evaluations[0].document`).
 * The rules that look inside entries (URL validation, writing checks) share this walk.
 */
import type { Core, Schema } from '@strapi/strapi';

export type Attributes = Record<string, Schema.Attribute.AnyAttribute>;

export interface SchemaObject {
  path: string;
  attributes: Attributes;
  data: Record<string, unknown>;
}

const componentOf = (strapi: Core.Strapi, uid: unknown) =>
  strapi.components[uid as keyof typeof strapi.components] as { attributes: Attributes } | undefined;

export const pathJoin = (path: string, name: string): string => (path ? `${path}.${name}` : name);

/** The entry (path '') and every component in `data`, in document order. */
export function* objectsIn(strapi: Core.Strapi, attributes: Attributes, data: unknown, path = ''): Generator<SchemaObject> {
  if (!data || typeof data !== 'object') return;
  yield { path, attributes, data: data as Record<string, unknown> };
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = (data as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    const at = pathJoin(path, name);
    if (attribute.type === 'component') {
      const component = componentOf(strapi, attribute.component);
      if (!component) continue;
      if (attribute.repeatable && Array.isArray(value)) {
        for (const [i, item] of value.entries()) yield* objectsIn(strapi, component.attributes, item, `${at}[${i}]`);
      } else {
        yield* objectsIn(strapi, component.attributes, value, at);
      }
    } else if (attribute.type === 'dynamiczone' && Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        const component = componentOf(strapi, (item as { __component?: string } | null)?.__component);
        if (component) yield* objectsIn(strapi, component.attributes, item, `${at}[${i}]`);
      }
    }
  }
}

/** Every component and media field, however deep: what a draft must be loaded with for a rule to see all of it. */
export function populateAll(strapi: Core.Strapi, attributes: Attributes): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes).flatMap(([name, attribute]): [string, unknown][] => {
      if (attribute.type === 'dynamiczone' || attribute.type === 'media') return [[name, true]];
      if (attribute.type !== 'component') return [];
      const component = componentOf(strapi, attribute.component);
      return [[name, { populate: component ? populateAll(strapi, component.attributes) : {} }]];
    }),
  );
}
