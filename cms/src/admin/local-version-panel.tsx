/**
 * "Lokal version" in the edit view's side panel (cms/src/extensions/local-versions/):
 * - on a national or shared entry that the editor's county may adapt: "Skapa lokal version", or
 *   the way to the county's local version when it has one;
 * - on a local version: whether the original changed since the local version's base ("Ändrad i
 *   originalet", with the changed fields before and after) and the two answers, "Ta in ändringen"
 *   and "Behåll min version"; or that the original is unpublished or deleted.
 */
import { useCallback, useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { useEntryData } from './entry-data';

interface Status {
  localVersion: {
    documentId: string;
    state: 'aktuell' | 'ändrad' | 'avpublicerad' | 'borttagen' | null;
    source: { documentId: string; slug: string | null; readable: boolean };
    changes: { field: string; from: unknown; to: unknown }[];
  } | null;
  source: { mayCreate: boolean; localVersion: string | null } | null;
}

const STATES: Record<string, string> = {
  aktuell: 'Bygger på originalets senaste publicerade version.',
  ändrad: 'Ändrad i originalet',
  avpublicerad: 'Originalet är avpublicerat. Din lokala version visas fortfarande på webbplatsen.',
  borttagen: 'Originalet är borttaget. Din lokala version visas fortfarande på webbplatsen.',
};
const shown = (value: unknown): string => {
  const text = value === null || value === undefined ? '(tomt)' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
};
/** The edit view of another entry of the same type. */
const entryPath = (documentId: string) => window.location.pathname.replace(/[^/]+$/, documentId);

export const LocalVersionPanel: PanelComponent = ({ model, documentId, document }) => {
  const { post } = useFetchClient();
  const route = `/lansportalen/local-versions/${model}/${documentId}`;
  const { data: status } = useEntryData<Status>(documentId ? route : null, document?.updatedAt as string | undefined);
  const [busy, setBusy] = useState(false);

  const act = useCallback(
    async (step: 'take' | 'keep') => {
      setBusy(true);
      await post(`${route}/${step}`, {});
      // The draft changed on the server: load the form again.
      window.location.reload();
    },
    [post, route],
  );
  const create = useCallback(async () => {
    setBusy(true);
    const response = await post<{ data: { documentId: string } }>(route, {});
    window.location.assign(entryPath(response.data.data.documentId));
  }, [post, route]);

  if (!documentId || !status) return null;
  const { localVersion, source } = status;
  if (source?.localVersion) {
    return {
      title: 'Lokal version',
      content: (
        <Flex direction="column" alignItems="stretch" gap={2} width="100%" data-local-version>
          <Typography variant="pi">Ditt län visar en lokal version av den här posten på sin webbplats.</Typography>
          <Button variant="secondary" size="S" tag="a" href={entryPath(source.localVersion)}>
            Öppna den lokala versionen
          </Button>
        </Flex>
      ),
    };
  }
  if (source?.mayCreate) {
    return {
      title: 'Lokal version',
      content: (
        <Flex direction="column" alignItems="stretch" gap={2} width="100%" data-local-version>
          <Typography variant="pi">
            Behöver ditt län en egen mening, kontaktperson eller länk? En lokal version börjar som en kopia av originalet och visas på
            ditt läns webbplats i stället för originalet.
          </Typography>
          <Button variant="secondary" size="S" disabled={busy} onClick={create}>
            Skapa lokal version
          </Button>
        </Flex>
      ),
    };
  }
  if (!localVersion) return null;
  const changed = localVersion.state === 'ändrad';
  return {
    title: 'Lokal version',
    content: (
      <Flex direction="column" alignItems="stretch" gap={2} width="100%" data-local-version>
        <Typography variant="pi" fontWeight={changed ? 'bold' : undefined} data-local-version-state>
          {STATES[localVersion.state ?? 'aktuell']}
        </Typography>
        {changed && (
          <Box tag="dl" data-local-version-changes>
            {localVersion.changes.map((change) => (
              <Box key={change.field} paddingBottom={1}>
                <Typography variant="pi" fontWeight="bold" tag="dt">
                  {change.field}
                </Typography>
                <Typography variant="pi" tag="dd">
                  Din grundversion: {shown(change.from)}
                </Typography>
                <Typography variant="pi" tag="dd">
                  Originalet nu: {shown(change.to)}
                </Typography>
              </Box>
            ))}
          </Box>
        )}
        {changed && (
          <Flex gap={2} wrap="wrap">
            <Button size="S" disabled={busy} onClick={() => act('take')}>
              Ta in ändringen
            </Button>
            <Button variant="secondary" size="S" disabled={busy} onClick={() => act('keep')}>
              Behåll min version
            </Button>
          </Flex>
        )}
      </Flex>
    ),
  };
};
