/**
 * Swedish field labels in the content manager. Strapi labels a field with its attribute name
 * (`eventStatus`); on every boot each label that is still that default becomes the Swedish one
 * here, for every content type and component. A label an administrator set under "Konfigurera
 * vyn" is kept. The share layout sets its own labels (share-decisions.ts).
 */
import type { Core } from '@strapi/strapi';

const labels: Record<string, string> = {
  agreement: 'Överenskommelse',
  allDay: 'Heldag',
  alt: 'Alternativtext',
  audience: 'Målgrupp',
  board: 'Länsstyrelse',
  body: 'Brödtext',
  chair: 'Ordförande',
  chairTitle: 'Ordförandens titel',
  collaborationAreas: 'Samverkansområden',
  composition: 'Sammansättning',
  contact: 'Kontaktperson',
  contacts: 'Kontaktpersoner',
  convener: 'Sammankallande',
  cost: 'Kostnad',
  councilStatus: 'Rådets status',
  county: 'Län',
  credit: 'Fotograf eller upphovsperson',
  declarationOfIntent: 'Avsiktsförklaring',
  demo: 'Demotext på det här språket (skriven av projektet)',
  description: 'Beskrivning',
  document: 'Dokument',
  easyToRead: 'Lättläst',
  email: 'E-post',
  endDate: 'Slutdatum',
  endsAt: 'Slutar',
  evaluationPlan: 'Uppföljningsplan',
  evaluations: 'Utvärderingar',
  eventStatus: 'Status',
  file: 'Fil',
  goal: 'Mål',
  goalAreas: 'Målområden',
  goals: 'Mål',
  image: 'Bild',
  issuedOn: 'Beslutad',
  kind: 'Typ',
  label: 'Länktext',
  lead: 'Ingress',
  leadOrganisation: 'Ansvarig organisation',
  link: 'Länk',
  linkLabel: 'Länktext',
  linkLead: 'Text före länken',
  localVersionBase: 'Grundversion',
  localVersionOf: 'Lokal version av',
  localVersionOfSlug: 'Originalets adress',
  localVersionState: 'Lokal version',
  location: 'Plats',
  meetingsAtLeast: 'Minst antal möten',
  meetingsPerYear: 'Möten per år',
  members: 'Ledamöter',
  membershipContact: 'Kontakt för medlemskap',
  name: 'Namn',
  office: 'Kansli',
  order: 'Ordning',
  organisation: 'Organisation',
  owner: 'Ägare',
  parties: 'Parter',
  partiesNote: 'Om parterna',
  partners: 'Partner',
  partnersNote: 'Om partnerna',
  periodEnd: 'Period till',
  periodStart: 'Period från',
  phone: 'Telefon',
  preparationGroup: 'Beredningsgrupp',
  principles: 'Principer',
  projectStatus: 'Projektets status',
  publishedDate: 'Publiceringsdatum',
  purpose: 'Syfte',
  registrationDeadline: 'Sista anmälningsdag',
  registrationInfo: 'Om anmälan',
  registrationUrl: 'Anmälningslänk',
  series: 'Serie',
  severity: 'Allvarlighetsgrad',
  sharedWith: 'Delas med',
  shownOnAllSites: 'Visas på alla webbplatser',
  siteUrl: 'Webbplatsens adress',
  slug: 'Adress (slug)',
  standardPath: 'Lättläst version av sidan (sökväg, t.ex. /kontakt/)',
  startDate: 'Startdatum',
  startsAt: 'Börjar',
  strategy: 'Strategi',
  subGoals: 'Delmål',
  successorName: 'Efterträdare',
  successorNote: 'Om efterträdaren',
  summary: 'Sammanfattning',
  title: 'Rubrik',
  unit: 'Enhet',
  updatedDate: 'Uppdaterad',
  url: 'Adress (URL)',
  validFrom: 'Gäller från',
  validUntil: 'Gäller till',
  vision: 'Vision',
  website: 'Webbplats',
  year: 'År',
};

/** Labels that differ for one content type or component. */
const labelsOf: Record<string, Record<string, string>> = {
  'api::contact.contact': { title: 'Befattning' },
  'api::feedback.feedback': { owner: 'Län', page: 'Sida', useful: 'Hade nytta', comment: 'Kommentar', createdAt: 'Skickad' },
  'api::accessibility-statement.accessibility-statement': {
    owner: 'Län',
    service: 'Webbplats eller tjänst som redogörelsen gäller',
    intro: 'Inledning',
    complianceLevel: 'Förenlighet med lagen',
    shortcomings: 'Kända brister',
    exemptions: 'Undantag',
    assessmentMethod: 'Hur webbplatsen granskats',
    assessmentDescription: 'Om granskningen',
    assessedOn: 'Granskningsdatum',
    lastUpdatedOn: 'Senast uppdaterad',
    feedbackEmail: 'E-post för synpunkter',
    feedbackPhone: 'Telefon för synpunkter',
    feedbackFormUrl: 'Formulär för synpunkter (adress)',
    reportingUrl: 'Diggs anmälningsformulär (adress)',
  },
  'accessibility.shortcoming': {
    description: 'Beskrivning av bristen',
    wcagCriterion: 'WCAG-kriterium',
    reason: 'Skäl',
    plannedFixDate: 'Planerat åtgärdat',
  },
};

interface Configuration {
  settings: unknown;
  metadatas: Record<string, { edit?: Record<string, unknown>; list?: Record<string, unknown> }>;
  layouts: unknown;
}

interface ConfigurationService {
  findConfiguration: (model: unknown) => Promise<Configuration>;
  updateConfiguration: (model: unknown, configuration: Configuration) => Promise<unknown>;
}

/** The configuration with every default label (the field name) that has a Swedish one replaced, or null if none. */
function translated(uid: string, configuration: Configuration): Configuration | null {
  let changed = false;
  const metadatas = { ...configuration.metadatas };
  for (const [field, metadata] of Object.entries(metadatas)) {
    const label = labelsOf[uid]?.[field] ?? labels[field];
    if (!label) continue;
    const next = { ...metadata };
    for (const view of ['edit', 'list'] as const) {
      if (next[view]?.['label'] === field) {
        next[view] = { ...next[view], label };
        changed = true;
      }
    }
    metadatas[field] = next;
  }
  return changed ? { settings: configuration.settings, metadatas, layouts: configuration.layouts } : null;
}

export async function applySwedishLabels(strapi: Core.Strapi): Promise<void> {
  const plugin = strapi.plugin('content-manager');
  const contentTypes = plugin.service('content-types') as ConfigurationService & { findContentType: (uid: string) => unknown };
  const components = plugin.service('components') as ConfigurationService & { findComponent: (uid: string) => unknown };
  const models: [string, ConfigurationService, unknown][] = [
    ...Object.keys(strapi.contentTypes)
      .filter((uid) => uid.startsWith('api::'))
      .map((uid): [string, ConfigurationService, unknown] => [uid, contentTypes, contentTypes.findContentType(uid)]),
    ...Object.keys(strapi.components).map((uid): [string, ConfigurationService, unknown] => [uid, components, components.findComponent(uid)]),
  ];
  for (const [uid, service, model] of models) {
    const configuration = translated(uid, await service.findConfiguration(model));
    if (configuration) await service.updateConfiguration(model, configuration);
  }
}
