/**
 * zod schemas of the sites' query results; the page types are inferred from them. query-drift.ts
 * holds each to the type codegen generates for its document (`npm run typecheck`).
 */
import { z } from 'zod';
import { linkUrl, siteAddress } from './link-url';

const text = z.string();
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);
const isoDateTime = z.iso.datetime({ offset: true });

/** Strapi blocks: nodes with a type, text leaves, and children. */
export interface BlockNode {
  type: string;
  text?: string;
  url?: string;
  level?: number;
  format?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  code?: boolean;
  children?: BlockNode[];
}
const blockNode: z.ZodType<BlockNode> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    text: z.string().optional(),
    url: linkUrl.optional(),
    level: z.number().int().min(1).max(6).optional(),
    format: z.string().optional(),
    children: z.array(blockNode).optional(),
  }),
);
export const blocks = optional(z.array(blockNode));
export type Blocks = z.infer<typeof blocks>;

/** A county as the pages name it: an entry's owner, or the county whose site holds its canonical URL. */
const owner = optional(z.object({ slug: text, siteUrl: siteAddress }));
const link = optional(z.object({ label: text, url: optional(linkUrl) }));
const named = z.object({ name: text });
/**
 * An entry of a list of `countySite` in another language than Swedish: shown in Swedish when it
 * has no translation (the CMS's `isFallback`; absent on nested relations and in Swedish).
 */
const fallback = { isFallback: z.boolean().default(false) };
const slugTitle = z.object({ slug: text, title: text, ...fallback });
const slugName = z.object({ slug: text, name: text, ...fallback });

export const contact = z.object({
  ...fallback,
  slug: text,
  name: text,
  kind: z.enum(['person', 'function']),
  title: optional(text),
  unit: optional(text),
  email: optional(z.email()),
  phone: optional(text),
  organisation: optional(named),
});
export type Contact = z.infer<typeof contact>;

export const alert = z.object({
  ...fallback,
  slug: text,
  title: text,
  body: text,
  severity: z.enum(['info', 'warning', 'danger']),
  validFrom: isoDateTime,
  validUntil: optional(isoDateTime),
  linkLead: optional(text),
  link,
});
export type Alert = z.infer<typeof alert>;

export const chrome = {
  county: z.object({ slug: text, name: text, board: text, siteUrl: siteAddress }),
  alerts: z.array(alert),
  navStrategies: z.array(slugTitle),
  navAgreements: z.array(slugTitle),
  navCouncils: z.array(slugName),
  navNetworks: z.array(z.object({ slug: text })),
  navProjects: z.array(z.object({ slug: text })),
  navPolicies: z.array(z.object({ slug: text })),
  navPages: z.array(slugTitle),
  /** The lättläst pages, each the easy version of the page at its `standardPath`: the frame links the two. */
  navEasyReads: z.array(slugTitle.extend({ standardPath: optional(linkUrl) })),
  navEvents: z.array(z.object({ slug: text })),
  navArticles: z.array(z.object({ slug: text })),
  navContacts: z.array(z.object({ slug: text })),
};
const chromeObject = z.object(chrome);
export type Chrome = z.infer<typeof chromeObject>;

export const eventSummary = z.object({
  ...fallback,
  slug: text,
  title: text,
  kind: z.enum(['conference', 'dialogue_meeting', 'seminar', 'other']),
  series: optional(text),
  startsAt: isoDateTime,
  endsAt: optional(isoDateTime),
  allDay: optional(z.boolean()),
  eventStatus: z.enum(['scheduled', 'cancelled', 'postponed']),
  location: optional(text),
  lead: optional(text),
  registrationDeadline: optional(z.iso.date()),
  canonicalOwner: owner,
});
export type EventSummary = z.infer<typeof eventSummary>;

export const event = eventSummary.extend({
  body: blocks,
  cost: optional(text),
  registrationUrl: optional(linkUrl),
  registrationInfo: optional(text),
  audience: optional(text),
  image: optional(z.object({ alt: text, credit: optional(text) })),
  contact: optional(contact),
});
export type Event = z.infer<typeof event>;

export const articleSummary = z.object({
  ...fallback,
  slug: text,
  title: text,
  lead: text,
  publishedDate: optional(z.iso.date()),
  updatedDate: optional(z.iso.date()),
  /** Empty on a draft (previews). */
  publishedAt: optional(isoDateTime),
  updatedAt: isoDateTime,
  owner,
});
export type ArticleSummary = z.infer<typeof articleSummary>;

export const article = articleSummary.extend({
  body: blocks,
  image: optional(z.object({ alt: text, credit: optional(text) })),
  strategy: optional(slugTitle),
  contacts: z.array(contact),
  canonicalOwner: owner,
});
export type Article = z.infer<typeof article>;

/** A page query's result: its own lists only; data.ts joins the chrome (fetched once) to it. */
const site = <T extends z.ZodRawShape>(shape: T) => z.object({ countySite: z.object(shape).nullable() });

export const chromeResult = site(chrome);
export const startResult = site({
  strategies: z.array(slugTitle.extend({ periodStart: z.number().int(), periodEnd: z.number().int() })),
  agreements: z.array(slugTitle.extend({ lead: optional(text) })),
  councils: z.array(slugName.extend({ description: blocks })),
  upcoming: z.array(eventSummary),
  articles: z.array(articleSummary),
});

export const strategiesResult = site({
  strategies: z.array(
    slugTitle.extend({
      periodStart: z.number().int(),
      periodEnd: z.number().int(),
      summary: blocks,
      evaluationPlan: optional(text),
      document: link,
      goalAreas: z.array(
        z.object({
          title: text,
          description: optional(text),
          goals: z.array(z.object({ title: text, subGoals: z.array(z.object({ title: text })) })),
        }),
      ),
      evaluations: z.array(z.object({ year: z.number().int(), summary: optional(text), document: link })),
      canonicalOwner: owner,
    }),
  ),
});

export const agreementsResult = site({
  agreements: z.array(
    slugTitle.extend({
      lead: optional(text),
      body: blocks,
      declarationOfIntent: blocks,
      principles: blocks,
      partiesNote: optional(text),
      parties: z.array(named.extend({ kind: text })),
      office: optional(z.object({ name: text, description: blocks, contacts: z.array(contact) })),
      collaborationAreas: z.array(slugTitle.extend({ lead: text, body: blocks, linkLabel: optional(text) })),
      canonicalOwner: owner,
    }),
  ),
});

export const organisationKinds = ['municipality', 'region', 'agency', 'civil_society', 'faith_community', 'business', 'education'] as const;

export const councilsResult = site({
  councils: z.array(
    slugName.extend({
      description: blocks,
      vision: optional(text),
      goal: optional(text),
      chair: optional(text),
      composition: optional(text),
      meetingsPerYear: optional(z.number().int()),
      councilStatus: z.enum(['active', 'being_replaced', 'dissolved']),
      successorName: optional(text),
      successorNote: blocks,
      members: z.array(named.extend({ kind: z.enum(organisationKinds) })),
      preparationGroup: optional(
        z.object({ name: text, description: blocks, chairTitle: optional(text), chair: optional(contact) }),
      ),
      strategy: optional(slugTitle),
      membershipContact: optional(contact),
      canonicalOwner: owner,
    }),
  ),
});

export const networksResult = site({
  networks: z.array(
    slugName.extend({
      audience: text,
      purpose: text,
      meetingsPerYear: optional(z.number().int()),
      meetingsAtLeast: optional(z.boolean()),
      convener: optional(contact),
    }),
  ),
});

export const projectsResult = site({
  projects: z.array(
    slugTitle.extend({
      purpose: blocks,
      projectStatus: z.enum(['planned', 'ongoing', 'completed']),
      startDate: optional(z.iso.date()),
      endDate: optional(z.iso.date()),
      partnersNote: optional(text),
      leadOrganisation: optional(named),
      partners: z.array(named),
      link,
      owner,
    }),
  ),
});

export const policyDocumentsResult = site({
  policyDocuments: z.array(
    slugTitle.extend({
      summary: blocks,
      periodStart: optional(z.number().int()),
      periodEnd: optional(z.number().int()),
      issuedOn: optional(z.iso.date()),
      document: link,
      owner,
    }),
  ),
});

const page = slugTitle.extend({ lead: optional(text), body: blocks, updatedAt: isoDateTime, owner, canonicalOwner: owner });
export const pagesResult = site({ pages: z.array(page) });
export const easyReadsResult = site({ pages: z.array(page.extend({ standardPath: optional(linkUrl) })) });

export const eventsResult = site({ events: z.array(event) });
export const newsResult = site({ articles: z.array(article) });
export const contactsResult = site({ contacts: z.array(contact) });

/** The county's accessibility statement (DIGG's structure); null when none is published. */
export const accessibilityStatement = z.object({
  service: text,
  intro: blocks,
  complianceLevel: z.enum(['helt_forenlig', 'delvis_forenlig', 'inte_forenlig']),
  shortcomings: z.array(
    z.object({
      description: text,
      wcagCriterion: optional(text),
      reason: z.enum(['brist_i_forenlighet', 'oskaligt_betungande_anpassning', 'utanfor_lagens_tillampningsomrade']),
      plannedFixDate: optional(z.iso.date()),
    }),
  ),
  exemptions: blocks,
  assessmentMethod: z.enum(['sjalvskattning', 'extern_granskning']),
  assessmentDescription: optional(text),
  assessedOn: z.iso.date(),
  lastUpdatedOn: z.iso.date(),
  feedbackEmail: optional(z.email()),
  feedbackPhone: optional(text),
  feedbackFormUrl: optional(linkUrl),
  reportingUrl: optional(linkUrl),
});
export type AccessibilityStatement = z.infer<typeof accessibilityStatement>;
export const accessibilityResult = site({ accessibilityStatement: optional(accessibilityStatement) });
