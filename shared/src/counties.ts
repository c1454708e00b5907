/**
 * The single source of truth for which counties exist. The CMS creates a county
 * record for each, the sites are built per entry, and the tests iterate over it.
 * `npm run county:add` edits counties.json; nothing else lists counties by hand.
 */
import { z } from 'zod';
import raw from '../counties.json';
import { colorProblem, type CountyColorRole } from './contrast';
import { SOURCE_LANGUAGE, translationCodes, type LanguageCode } from './languages';

const hexColor = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour is #rrggbb');

export const countySchema = z.object({
  slug: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'a slug is lower-case a–z, digits and dashes'),
  name: z.string().trim().min(1, 'a county needs a name'),
  board: z.string().trim().min(1, 'a county needs the name of its county board'),
  siteUrl: z.url(),
  colors: z.object({ primary: hexColor, accent: hexColor }).superRefine((colors, ctx) => {
    // The theme's text on these colours must pass WCAG AA (see contrast.ts).
    for (const role of ['primary', 'accent'] as const satisfies CountyColorRole[]) {
      const problem = hexColor.safeParse(colors[role]).success ? colorProblem(role, colors[role]) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: [role], message: `${colors[role]}: ${problem}` });
    }
  }),
  /**
   * The languages the county's site offers besides Swedish, which is implied and first (the
   * codes of languages.ts; Swedish itself is not listed).
   */
  languages: z
    .array(z.enum(translationCodes, { error: `a language is one of ${translationCodes.join(', ')} (Swedish is implied)` }))
    .default([])
    .refine((list) => new Set(list).size === list.length, 'a language is listed once'),
});

export type County = z.infer<typeof countySchema>;
export type CountySlug = County['slug'];

export const countyListSchema = z
  .array(countySchema)
  .min(1)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((county, i) => {
      if (seen.has(county.slug)) {
        ctx.addIssue({ code: 'custom', path: [i, 'slug'], message: `duplicate county slug "${county.slug}"` });
      }
      seen.add(county.slug);
    });
  });

function parseCounties(): County[] {
  const result = countyListSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`shared/counties.json is invalid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export const counties: readonly County[] = parseCounties();

/** The languages of a county's site: Swedish first, then its own list. */
export const countyLanguages = (county: County): LanguageCode[] => [SOURCE_LANGUAGE, ...county.languages];

/** Every language some county's site offers, Swedish first: the CMS's locales. */
export const portalLanguages = (): LanguageCode[] => [...new Set(counties.flatMap(countyLanguages))];

export function countyBySlug(slug: string): County | undefined {
  return counties.find((county) => county.slug === slug);
}
