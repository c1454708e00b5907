/**
 * The admin panel in Swedish. Strapi ships `sv`; `translations.sv` fills in the strings an editor
 * meets that Strapi's Swedish file lacks, and names our content types. English stays selectable
 * under Profile, and stays Strapi's fallback for any string nobody translated.
 */
import type { StrapiApp } from '@strapi/strapi/admin';
import { Archive } from '@strapi/icons';
import { sv } from './translations/sv';
import { HistoryPanel } from './history-panel';
import { LocalVersionPanel } from './local-version-panel';
import { WritingChecksPanel } from './writing-checks-panel';

/** Strapi's key for the interface language chosen in this browser (reducer.ts, LANGUAGE_LOCAL_STORAGE_KEY). */
const LANGUAGE_KEY = 'strapi-admin-language';

export default {
  config: {
    locales: ['sv'],
    translations: { sv },
    tutorials: false,
    notifications: { releases: false },
  },
  register(app: StrapiApp) {
    // The publish archive (archive-page.tsx): every editor may open it, the routes decide what they read.
    app.addMenuLink({
      to: 'publiceringsarkiv',
      icon: Archive,
      intlLabel: { id: 'lansportalen.archive.menu', defaultMessage: 'Publiceringsarkiv' },
      permissions: [],
      Component: () => import('./archive-page'),
    });
    // Strapi starts in English when a browser has no language stored, and has no setting for
    // another default; it reads this key when it first renders, after register. A user's own
    // choice (Profile, stored on the user as preferedLanguage) is applied after login as before.
    if (!window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'sv');
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager') as unknown as {
      apis: { addEditViewSidePanel: (panels: (typeof WritingChecksPanel)[]) => void };
    };
    contentManager.apis.addEditViewSidePanel([LocalVersionPanel, WritingChecksPanel, HistoryPanel]);
  },
};
