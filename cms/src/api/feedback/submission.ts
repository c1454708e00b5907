/**
 * "Hade du nytta av informationen?": the form every content page of a county site posts here
 * (plain HTML, no script). What a submission must hold, read with zod; the messages name the
 * field in Swedish, because a resident reads them.
 */
import { z } from 'zod';
import { counties } from '@lansportalen/shared/counties';

export const FEEDBACK_UID = 'api::feedback.feedback';
export const COMMENT_MAX_LENGTH = 1000;
/** A field that people never see or fill in; a form that arrives with it filled is dropped. */
export const HONEYPOT_FIELD = 'homepage';
/** A path on the county's site ("/nyheter/"): not another host ("//…"), no query, no fragment. */
export const SITE_PATH = /^\/(?![/\\])[^\s?#\\]*$/u;

/** Form field → how the form names it to the resident. */
export const FIELD_LABELS: Record<string, string> = {
  county: 'Län',
  page: 'Sida',
  useful: 'Hade du nytta av informationen?',
  comment: 'Kommentar',
};

export const submissionSchema = z.object({
  county: z.enum(counties.map((c) => c.slug) as [string, ...string[]], { error: 'okänt län.' }),
  page: z
    .string({ error: 'sidans adress saknas.' })
    .max(300, { error: 'sidans adress är för lång.' })
    .regex(SITE_PATH, { error: 'sidans adress ska vara en sökväg på webbplatsen, till exempel /nyheter/.' }),
  useful: z.enum(['ja', 'nej'], { error: 'välj Ja eller Nej.' }),
  comment: z
    .string()
    .max(COMMENT_MAX_LENGTH, { error: `kommentaren får vara högst ${COMMENT_MAX_LENGTH} tecken.` })
    .transform((value) => value.replace(/\r\n?/g, '\n').trim())
    .optional()
    .default(''),
});
export type Submission = z.infer<typeof submissionSchema>;

export type Parsed =
  | { kind: 'valid'; submission: Submission }
  | { kind: 'dropped' }
  | { kind: 'invalid'; problems: { field: string; message: string }[]; values: Record<string, string> };

/** The posted body (urlencoded, as a form sends it): valid, dropped (honeypot) or invalid, saying where. */
export function parseSubmission(body: unknown): Parsed {
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  // Repeated fields arrive as arrays: take none of them.
  const values = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  if ((values[HONEYPOT_FIELD] ?? '').trim() !== '') return { kind: 'dropped' };
  const result = submissionSchema.safeParse(values);
  if (result.success) return { kind: 'valid', submission: result.data };
  return {
    kind: 'invalid',
    values,
    problems: result.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      return { field, message: `${FIELD_LABELS[field] ?? field}: ${issue.message}` };
    }),
  };
}
