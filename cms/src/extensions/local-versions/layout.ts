/**
 * Local versions in the content manager's views: the list of every federated type gets a column
 * "Lokal version" (its state: `ändrad` is "Ändrad i originalet"), and the edit view leaves the
 * link fields out (the side panel "Lokal version" shows them, cms/src/admin/local-version-panel.tsx).
 * Applied on every boot, like the share layout (admin/share-decisions.ts).
 */
import type { Core } from '@strapi/strapi';
import { LOCAL_VERSION_FIELDS, federatedCollections } from '../federation/visibility';

interface Configuration {
  settings: unknown;
  metadatas: unknown;
  layouts: { list: string[]; edit: { name: string; size: number }[][] };
}

const linkField = new Set<string>(LOCAL_VERSION_FIELDS);

export async function configureLocalVersionLayouts(strapi: Core.Strapi): Promise<void> {
  const service = strapi.plugin('content-manager').service('content-types') as {
    findContentType: (uid: string) => unknown;
    findConfiguration: (contentType: unknown) => Promise<Configuration>;
    updateConfiguration: (contentType: unknown, configuration: Configuration) => Promise<unknown>;
  };
  for (const { uid } of federatedCollections) {
    const contentType = service.findContentType(uid);
    const current = await service.findConfiguration(contentType);
    const list = current.layouts.list.includes('localVersionState') ? current.layouts.list : [...current.layouts.list, 'localVersionState'];
    const edit = current.layouts.edit.map((row) => row.filter((field) => !linkField.has(field.name))).filter((row) => row.length > 0);
    if (list === current.layouts.list && edit.flat().length === current.layouts.edit.flat().length) continue;
    await service.updateConfiguration(contentType, { settings: current.settings, metadatas: current.metadatas, layouts: { ...current.layouts, list, edit } });
  }
}
