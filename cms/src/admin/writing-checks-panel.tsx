/**
 * "Språkkontroll" in the edit view's side panel: LIX and the writing checks of the entry's latest
 * saved draft (cms/src/extensions/writing/), fetched again after every save. Warnings, except a
 * non-decorative image without alt text, which the server also refuses to save.
 */
import { Box, Flex, Typography } from '@strapi/design-system';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { useEntryData } from './entry-data';

interface Finding {
  check: string;
  severity: 'warning' | 'error';
  field: string;
  message: string;
  excerpt: string;
}
interface Result {
  lix: { value: number; band: string; words: number; sentences: number };
  findings: Finding[];
}

export const WritingChecksPanel: PanelComponent = ({ model, documentId, document }) => {
  // Types without writing checks (not federated) and entries the editor may not read are unavailable.
  const path = documentId ? `/lansportalen/writing-checks/${model}/${documentId}` : null;
  const { data: result, unavailable } = useEntryData<Result>(path, document?.updatedAt as string | undefined);

  if (!documentId || unavailable) return null;
  return {
    title: 'Språkkontroll',
    content: (
      <Flex direction="column" alignItems="stretch" gap={2} width="100%">
        {!result ? (
          <Typography variant="pi">Kontrollerar texten …</Typography>
        ) : (
          <>
            <Typography variant="omega" fontWeight="bold">
              LIX {result.lix.value.toLocaleString('sv-SE')} ({result.lix.band})
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {result.lix.words} ord, {result.lix.sentences} meningar. Under 35 är lätt, under 45 medel.
              {result.lix.words < 30 && ' Texten är för kort för att värdet ska säga mycket.'}
            </Typography>
            {result.findings.length === 0 ? (
              <Typography variant="pi">Inga anmärkningar.</Typography>
            ) : (
              <Box tag="ul" data-writing-checks>
                {result.findings.map((finding, i) => (
                  <Box tag="li" key={i} paddingTop={2}>
                    <Typography variant="pi" fontWeight="bold" textColor={finding.severity === 'error' ? 'danger600' : 'warning700'}>
                      {finding.severity === 'error' ? 'Fel' : 'Varning'} ({finding.field}):{' '}
                    </Typography>
                    <Typography variant="pi">{finding.message}</Typography>
                    {finding.excerpt && (
                      <Typography variant="pi" textColor="neutral600" tag="p">
                        ”{finding.excerpt}”
                      </Typography>
                    )}
                  </Box>
                ))}
              </Box>
            )}
          </>
        )}
      </Flex>
    ),
  };
};
