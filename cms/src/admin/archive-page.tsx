/**
 * "Publiceringsarkiv": a county site as it was published at a chosen moment (the publish archive,
 * cms/src/extensions/archive/): choose county and date and time, see the pages and documents the
 * site had then, open a page (shown in a sandboxed frame, no scripts). The counties offered are
 * those the editor may read (their own; every county for the national role).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Box, Button, Field, Flex, Main, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Layouts, useFetchClient } from '@strapi/strapi/admin';

interface Snapshot {
  pages: { path: string; since: string }[];
  content: { id: number; uid: string; documentId: string; since: string }[];
}
interface Page {
  path: string;
  since: string;
  html: string;
}

const when = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
/** Now as the value of a datetime-local field (to the second), in the browser's time. */
const nowLocal = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
};
const urlOf = (path: string) => `/${path.replace(/index\.html$/, '')}`;
const errorText = (error: unknown) =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? 'Arkivet kunde inte läsas.';

export default function ArchivePage() {
  const { get } = useFetchClient();
  const [counties, setCounties] = useState<{ slug: string; name: string }[]>([]);
  const [county, setCounty] = useState('');
  const [moment, setMoment] = useState(nowLocal());
  const [snapshot, setSnapshot] = useState<{ at: string; data: Snapshot } | null>(null);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    get<{ data: { slug: string; name: string }[] }>('/lansportalen/archive').then(
      (response) => {
        setCounties(response.data.data);
        setCounty((current) => current || response.data.data[0]?.slug || '');
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [get]);

  const show = async (event: FormEvent) => {
    event.preventDefault();
    setPage(null);
    setError(null);
    const at = new Date(moment).toISOString();
    try {
      const response = await get<{ data: Snapshot }>(`/lansportalen/archive/${county}?at=${encodeURIComponent(at)}`);
      setSnapshot({ at, data: response.data.data });
    } catch (e) {
      setSnapshot(null);
      setError(errorText(e));
    }
  };
  const open = async (path: string) => {
    if (!snapshot) return;
    const query = `at=${encodeURIComponent(snapshot.at)}&path=${encodeURIComponent(path)}`;
    try {
      setPage((await get<{ data: Page }>(`/lansportalen/archive/${county}/page?${query}`)).data.data);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Main>
      <Layouts.Header title="Publiceringsarkiv" subtitle="Så som webbplatsen såg ut vid en viss tidpunkt: sidorna och det publicerade innehållet." />
      <Layouts.Content>
        <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
          <form onSubmit={show}>
            <Flex gap={4} alignItems="flex-end" wrap="wrap">
              <Field.Root name="county" required>
                <Field.Label>Län</Field.Label>
                <SingleSelect value={county} onChange={(value: string | number) => setCounty(String(value))}>
                  {counties.map((c) => (
                    <SingleSelectOption key={c.slug} value={c.slug}>
                      {c.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root name="at" required>
                <Field.Label>Datum och tid</Field.Label>
                <TextInput type="datetime-local" step={1} value={moment} onChange={(e: { target: { value: string } }) => setMoment(e.target.value)} />
              </Field.Root>
              <Button type="submit" disabled={!county || !moment}>
                Visa
              </Button>
            </Flex>
          </form>
          {error ? (
            <Box paddingTop={4} role="alert">
              <Typography textColor="danger600">{error}</Typography>
            </Box>
          ) : null}
        </Box>
        {snapshot ? (
          <Box paddingTop={6}>
            <Typography variant="delta" tag="h2">
              {snapshot.data.pages.length} sidor och {snapshot.data.content.length} publicerade poster den {when(snapshot.at)}
            </Typography>
            <Flex gap={6} alignItems="flex-start" paddingTop={4}>
              <Box tag="ul" style={{ minWidth: '18rem', maxHeight: '70vh', overflowY: 'auto' }}>
                {snapshot.data.pages.map((p) => (
                  <li key={p.path}>
                    <Button variant="ghost" onClick={() => open(p.path)} aria-current={page?.path === p.path ? 'page' : undefined}>
                      {urlOf(p.path)}
                    </Button>
                  </li>
                ))}
              </Box>
              {page ? (
                <Box grow={1} style={{ flex: 1 }}>
                  <Typography variant="omega">
                    {urlOf(page.path)}, publicerad sedan {when(page.since)}
                  </Typography>
                  <iframe title={`Arkiverad sida ${urlOf(page.path)}`} srcDoc={page.html} sandbox="" style={{ width: '100%', height: '70vh', border: '1px solid #ddd' }} />
                </Box>
              ) : null}
            </Flex>
          </Box>
        ) : null}
      </Layouts.Content>
    </Main>
  );
}
