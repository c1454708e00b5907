/**
 * The shape of the seed files in cms/seed/*.json. Every record refers to others by slug,
 * so the files stay readable and the import can run in any database.
 */
import { z } from 'zod';
import { DIGG_REPORTING_URL } from '@lansportalen/shared/accessibility';
import { counties } from '@lansportalen/shared/counties';
import { stockholmIso } from '@lansportalen/shared/stockholm-time';
import { urlProblem } from '../extensions/validation/urls';
import { easyReadProblem } from '../extensions/validation/easy-read';
import statementType from '../api/accessibility-statement/content-types/accessibility-statement/schema.json';
import shortcomingComponent from '../components/accessibility/shortcoming.json';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug is lower-case a–z, digits and single dashes');
const countySlug = z.enum(counties.map((county) => county.slug) as [string, ...string[]]);
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const isoDate = z.iso.date();
/** A time in UTC ("Z") or in Swedish time with Sweden's offset on that day (+01:00 in winter, +02:00 in summer). */
const isoDateTime = z.iso.datetime({ offset: true }).superRefine((value, ctx) => {
  const offset = /([+-]\d{2}:\d{2})$/.exec(value)?.[1];
  if (!offset || Number.isNaN(Date.parse(value))) return;
  const swedish = stockholmIso(value).slice(-6);
  if (offset !== swedish) {
    ctx.addIssue({ code: 'custom', message: `Swedish time on ${value.slice(0, 10)} is ${swedish}, not ${offset} (or write the time in UTC with Z)` });
  }
});

/** Rich text in shorthand: a string is a paragraph; headings, lists and quotes are objects. */
const richTextBlock = z.union([
  nonEmpty,
  z.strictObject({ heading: nonEmpty }),
  z.strictObject({ list: z.array(nonEmpty).min(1) }),
  z.strictObject({ quote: nonEmpty }),
]);
const richText = z.array(richTextBlock).min(1);
export type RichText = z.infer<typeof richText>;

/** An absolute address the CMS would accept (the CMS's own rule: no javascript: and the like). */
const url = z.url().superRefine((value, ctx) => {
  const problem = urlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** An absolute address or a path on the county's own site (/kontakt/). */
const urlOrPath = nonEmpty.superRefine((value, ctx) => {
  const problem = urlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const link = z.strictObject({ label: nonEmpty, url });
/** A link whose address the source does not give: shown as its label only. */
const labelledLink = z.strictObject({ label: nonEmpty, url: url.optional() });
const image = z.strictObject({ alt: nonEmpty, credit: nonEmpty.optional() });

/** Who owns an entry (null: national) and on which county sites it is shown. */
const federation = {
  owner: countySlug.nullable(),
  sharedWith: z.array(countySlug).default([]),
  shownOnAllSites: z.boolean().default(false),
};

export const organisationSchema = z.strictObject({
  slug,
  name: nonEmpty,
  kind: z.enum(['municipality', 'region', 'agency', 'civil_society', 'faith_community', 'business', 'education']),
  website: url.optional(),
  county: countySlug.optional(),
});

export const contactSchema = z.strictObject({
  slug,
  name: nonEmpty,
  kind: z.enum(['person', 'function']),
  title: nonEmpty.optional(),
  unit: nonEmpty.optional(),
  organisation: slug.optional(),
  email: z.email().optional(),
  phone: nonEmpty.optional(),
  ...federation,
});

export const strategySchema = z.strictObject({
  slug,
  title: nonEmpty,
  periodStart: z.int(),
  periodEnd: z.int(),
  summary: richText.optional(),
  document: link.optional(),
  goalAreas: z
    .array(
      z.strictObject({
        title: nonEmpty,
        description: nonEmpty.optional(),
        goals: z.array(z.strictObject({ title: nonEmpty, subGoals: z.array(nonEmpty).default([]) })).default([]),
      }),
    )
    .default([]),
  evaluationPlan: nonEmpty.optional(),
  evaluations: z.array(z.strictObject({ year: z.int(), summary: nonEmpty.optional(), document: link.optional() })).default([]),
  ...federation,
});

export const agreementSchema = z.strictObject({
  slug,
  title: nonEmpty,
  lead: nonEmpty.optional(),
  body: richText.optional(),
  declarationOfIntent: richText.optional(),
  principles: richText.optional(),
  parties: z.array(slug).default([]),
  partiesNote: nonEmpty.optional(),
  office: z.strictObject({ name: nonEmpty, description: richText.optional(), contacts: z.array(slug).default([]) }).optional(),
  ...federation,
});

export const collaborationAreaSchema = z.strictObject({
  slug,
  title: nonEmpty,
  lead: nonEmpty,
  body: richText.optional(),
  order: z.int(),
  linkLabel: nonEmpty.optional(),
  agreement: slug,
  ...federation,
});

export const projectSchema = z.strictObject({
  slug,
  title: nonEmpty,
  purpose: richText,
  leadOrganisation: slug.optional(),
  partners: z.array(slug).default([]),
  partnersNote: nonEmpty.optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  projectStatus: z.enum(['planned', 'ongoing', 'completed']),
  link: labelledLink.optional(),
  ...federation,
});

export const policyDocumentSchema = z.strictObject({
  slug,
  title: nonEmpty,
  summary: richText.optional(),
  periodStart: z.int().optional(),
  periodEnd: z.int().optional(),
  issuedOn: isoDate.optional(),
  document: labelledLink.optional(),
  ...federation,
});

export const councilSchema = z.strictObject({
  slug,
  name: nonEmpty,
  description: richText.optional(),
  vision: nonEmpty.optional(),
  goal: nonEmpty.optional(),
  chair: nonEmpty.optional(),
  composition: nonEmpty.optional(),
  members: z.array(slug).default([]),
  meetingsPerYear: z.int().positive().optional(),
  preparationGroup: z
    .strictObject({ name: nonEmpty, description: richText.optional(), chair: slug.optional(), chairTitle: nonEmpty.optional() })
    .optional(),
  councilStatus: z.enum(['active', 'being_replaced', 'dissolved']),
  successorName: nonEmpty.optional(),
  successorNote: richText.optional(),
  strategy: slug.optional(),
  membershipContact: slug.optional(),
  ...federation,
});

export const networkSchema = z.strictObject({
  slug,
  name: nonEmpty,
  audience: nonEmpty,
  purpose: nonEmpty,
  meetingsPerYear: z.int().positive().optional(),
  meetingsAtLeast: z.boolean().default(false),
  convener: slug.optional(),
  ...federation,
});

export const eventSchema = z.strictObject({
  slug,
  title: nonEmpty,
  kind: z.enum(['conference', 'dialogue_meeting', 'seminar', 'other']),
  series: nonEmpty.optional(),
  lead: nonEmpty.optional(),
  body: richText.optional(),
  startsAt: isoDateTime,
  endsAt: isoDateTime.optional(),
  allDay: z.boolean().default(false),
  eventStatus: z.enum(['scheduled', 'cancelled', 'postponed']),
  location: nonEmpty.optional(),
  cost: nonEmpty.optional(),
  registrationDeadline: isoDate.optional(),
  registrationUrl: url.optional(),
  registrationInfo: nonEmpty.optional(),
  audience: nonEmpty.optional(),
  image: image.optional(),
  contact: slug.optional(),
  ...federation,
});

export const alertSchema = z.strictObject({
  slug,
  title: nonEmpty,
  body: nonEmpty,
  severity: z.enum(['info', 'warning', 'danger']),
  validFrom: isoDateTime,
  validUntil: isoDateTime.optional(),
  linkLead: nonEmpty.optional(),
  link: link.optional(),
  ...federation,
});

export const articleSchema = z.strictObject({
  slug,
  title: nonEmpty,
  lead: nonEmpty,
  body: richText,
  publishedDate: isoDate.optional(),
  updatedDate: isoDate.optional(),
  image: image.optional(),
  strategy: slug.optional(),
  contacts: z.array(slug).default([]),
  ...federation,
});

export const pageSchema = z
  .strictObject({
    slug,
    title: nonEmpty,
    lead: nonEmpty.optional(),
    body: richText.optional(),
    order: z.int().default(0),
    /** A lättläst page, the easy version of the page at `standardPath` (the CMS's own rule, easy-read.ts). */
    easyToRead: z.boolean().default(false),
    standardPath: nonEmpty.optional(),
    /** Written by the project to show a feature, not taken from a county board's site. */
    demo: z.boolean().default(false),
    ...federation,
  })
  .superRefine((page, ctx) => {
    const problem = easyReadProblem(page);
    if (problem) ctx.addIssue({ code: 'custom', path: ['standardPath'], message: problem });
  });

/** An enumeration of the content model, from its schema.json (one source for the CMS and the seed). */
const enumOf = (attribute: { enum: string[] }) => z.enum(attribute.enum as [string, ...string[]]);

/** A county's accessibility statement (DIGG): one per county, identified by its county. */
export const accessibilityStatementSchema = z
  .strictObject({
    owner: countySlug,
    service: nonEmpty,
    intro: richText.optional(),
    complianceLevel: enumOf(statementType.attributes.complianceLevel),
    shortcomings: z
      .array(
        z.strictObject({
          description: nonEmpty,
          wcagCriterion: nonEmpty.optional(),
          reason: enumOf(shortcomingComponent.attributes.reason),
          plannedFixDate: isoDate.optional(),
        }),
      )
      .default([]),
    exemptions: richText.optional(),
    assessmentMethod: enumOf(statementType.attributes.assessmentMethod),
    assessmentDescription: nonEmpty.optional(),
    assessedOn: isoDate,
    lastUpdatedOn: isoDate,
    feedbackEmail: z.email().optional(),
    feedbackPhone: nonEmpty.optional(),
    feedbackFormUrl: urlOrPath.optional(),
    reportingUrl: url.default(DIGG_REPORTING_URL),
  })
  .refine((s) => s.lastUpdatedOn >= s.assessedOn, { path: ['lastUpdatedOn'], message: 'must not be before assessedOn' });

/** One seed file: any of these lists, each optional, and `about`: what the file is and who wrote it. */
export const seedFileSchema = z.strictObject({
  about: nonEmpty.optional(),
  organisations: z.array(organisationSchema).optional(),
  contacts: z.array(contactSchema).optional(),
  strategies: z.array(strategySchema).optional(),
  agreements: z.array(agreementSchema).optional(),
  collaborationAreas: z.array(collaborationAreaSchema).optional(),
  projects: z.array(projectSchema).optional(),
  policyDocuments: z.array(policyDocumentSchema).optional(),
  councils: z.array(councilSchema).optional(),
  networks: z.array(networkSchema).optional(),
  events: z.array(eventSchema).optional(),
  alerts: z.array(alertSchema).optional(),
  articles: z.array(articleSchema).optional(),
  pages: z.array(pageSchema).optional(),
  accessibilityStatements: z.array(accessibilityStatementSchema).optional(),
});

export type SeedFile = z.infer<typeof seedFileSchema>;
export type SeedCollection = Exclude<keyof SeedFile, 'about'>;
