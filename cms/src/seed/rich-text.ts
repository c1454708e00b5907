/** Turns the seed files' rich-text shorthand into Strapi blocks. */
import type { RichText } from './schema';

type Text = { type: 'text'; text: string };
const text = (value: string): Text[] => [{ type: 'text', text: value }];

export function toBlocks(richText: RichText) {
  return richText.map((block) => {
    if (typeof block === 'string') return { type: 'paragraph', children: text(block) };
    if ('heading' in block) return { type: 'heading', level: 2, children: text(block.heading) };
    if ('quote' in block) return { type: 'quote', children: text(block.quote) };
    return {
      type: 'list',
      format: 'unordered',
      children: block.list.map((item) => ({ type: 'list-item', children: text(item) })),
    };
  });
}
