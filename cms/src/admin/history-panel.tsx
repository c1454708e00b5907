/**
 * "Versioner" in the edit view's side panel: every saved version of the entry (the revision
 * history, cms/src/extensions/history/), newest first, with who and when; a comparison of a
 * version with the one before it, field by field; and restoring a version as a new draft.
 * Strapi's own content history is a paid feature; this one reads our admin routes.
 */
import { useCallback, useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { useEntryData } from './entry-data';

interface Version {
  id: number;
  action: string;
  status: 'draft' | 'published';
  actor: { email: string | null };
  createdAt: string;
  changedFields: string[];
}
interface Comparison {
  fields: { field: string; from: unknown; to: unknown }[];
}

const ACTIONS: Record<string, string> = {
  create: 'Skapad',
  update: 'Sparad',
  clone: 'Kopierad',
  publish: 'Publicerad',
  unpublish: 'Avpublicerad',
  discardDraft: 'Utkastet förkastat',
  delete: 'Borttagen',
};
const SHOWN = 8;
const when = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const shown = (value: unknown): string => {
  const text = value === null || value === undefined ? '(tomt)' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
};

export const HistoryPanel: PanelComponent = ({ model, documentId, document }) => {
  const { get, post } = useFetchClient();
  const path = documentId ? `/lansportalen/history/${model}/${documentId}` : null;
  const { data: versions, unavailable } = useEntryData<Version[]>(path, document?.updatedAt as string | undefined);
  const [all, setAll] = useState(false);
  const [comparison, setComparison] = useState<{ id: number; result: Comparison } | null>(null);

  const compareWithPrevious = useCallback(
    async (version: Version, previous: Version) => {
      const response = await get<{ data: Comparison }>(`/lansportalen/history/versions/${previous.id}/compare/${version.id}`);
      setComparison({ id: version.id, result: response.data.data });
    },
    [get],
  );
  const restore = useCallback(
    async (version: Version) => {
      if (!window.confirm(`Återställa versionen från ${when(version.createdAt)} som nytt utkast? Det du har sparat nu finns kvar som en version.`)) return;
      await post(`/lansportalen/history/versions/${version.id}/restore`, {});
      window.location.reload();
    },
    [post],
  );

  if (!documentId || unavailable) return null;
  const list = versions ?? [];
  return {
    title: 'Versioner',
    content: (
      <Flex direction="column" alignItems="stretch" gap={2} width="100%">
        {!versions && <Typography variant="pi">Hämtar versioner …</Typography>}
        {versions?.length === 0 && <Typography variant="pi">Inga sparade versioner än.</Typography>}
        <Box tag="ol" data-history>
          {list.slice(0, all ? undefined : SHOWN).map((version, i) => {
            const previous = list[i + 1];
            return (
              <Box tag="li" key={version.id} paddingBottom={3}>
                <Typography variant="pi" fontWeight="bold" tag="p">
                  {ACTIONS[version.action] ?? version.action} {when(version.createdAt)}
                </Typography>
                <Typography variant="pi" textColor="neutral600" tag="p">
                  {version.actor.email ?? 'systemet'}
                  {version.changedFields.length > 0 && `: ${version.changedFields.join(', ')}`}
                </Typography>
                <Flex gap={2} paddingTop={1}>
                  {previous && (
                    <Button variant="tertiary" size="S" onClick={() => compareWithPrevious(version, previous)}>
                      Jämför med föregående
                    </Button>
                  )}
                  {i > 0 && version.action !== 'delete' && (
                    <Button variant="secondary" size="S" onClick={() => restore(version)}>
                      Återställ
                    </Button>
                  )}
                </Flex>
                {comparison?.id === version.id && (
                  <Box tag="dl" paddingTop={2} data-comparison>
                    {comparison.result.fields.length === 0 && <Typography variant="pi">Inga ändrade fält.</Typography>}
                    {comparison.result.fields.map((change) => (
                      <Box key={change.field} paddingBottom={1}>
                        <Typography variant="pi" fontWeight="bold" tag="dt">
                          {change.field}
                        </Typography>
                        <Typography variant="pi" tag="dd">
                          Före: {shown(change.from)}
                        </Typography>
                        <Typography variant="pi" tag="dd">
                          Efter: {shown(change.to)}
                        </Typography>
                      </Box>
                    ))}
                  </Box>
                )}
              </Box>
            );
          })}
        </Box>
        {!all && list.length > SHOWN && (
          <Button variant="tertiary" size="S" onClick={() => setAll(true)}>
            Visa alla {list.length} versioner
          </Button>
        )}
      </Flex>
    ),
  };
};
