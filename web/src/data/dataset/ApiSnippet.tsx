import { Anchor, Button, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { datastoreSearchUrl, type PreviewQuery } from '../queries.ts';

/** The shell command that asks the same rows of the CKAN API (single quotes: the shell leaves `&` alone). */
export const curlOf = (url: string) => `curl '${url}'`;

/** The CKAN Action API call that answers the rows the preview shows, ready to copy. */
export function ApiSnippet({
  resourceId,
  datasetName,
  query,
}: {
  resourceId: string;
  datasetName: string;
  query: PreviewQuery;
}) {
  const { t } = useTranslation('data');
  const origin = window.location.origin;
  const search = `${origin}${datastoreSearchUrl(resourceId, query)}`;
  const show = `${origin}/api/3/action/package_show?id=${encodeURIComponent(datasetName)}`;
  const headingId = `api-heading-${resourceId}`;
  return (
    <section aria-labelledby={headingId} data-testid="api-snippet">
      <Title order={3} size="h5" id={headingId} mb="xs">
        {t('api.heading')}
      </Title>
      <Stack gap="xs">
        <Text size="sm">{t('api.searchLead')}</Text>
        <pre className="data-snippet">
          <code>{curlOf(search)}</code>
        </pre>
        <Group gap="xs">
          <CopyButton value={curlOf(search)}>
            {({ copied, copy }) => (
              <Button size="xs" variant="outline" onClick={copy}>
                {copied ? t('api.copied') : t('api.copy')}
              </Button>
            )}
          </CopyButton>
          <Anchor href={search} size="sm">
            {t('api.open')}
          </Anchor>
        </Group>
        <Text size="sm">{t('api.showLead')}</Text>
        <pre className="data-snippet">
          <code>{curlOf(show)}</code>
        </pre>
      </Stack>
    </section>
  );
}

/** The dataset's DCAT-AP 3 descriptions, for harvesters. */
export function DcatLinks({ datasetName }: { datasetName: string }) {
  const { t } = useTranslation('data');
  const base = `/dataset/${encodeURIComponent(datasetName)}`;
  return (
    <Group gap="md" data-testid="dcat-links">
      <Text size="sm" fw={600}>
        {t('api.dcat')}
      </Text>
      <Anchor href={`${base}.jsonld`} size="sm">
        JSON-LD
      </Anchor>
      <Anchor href={`${base}.ttl`} size="sm">
        Turtle
      </Anchor>
      <Anchor href={`${base}.rdf`} size="sm">
        RDF/XML
      </Anchor>
    </Group>
  );
}
