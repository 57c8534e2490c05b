import { Alert, Anchor, Button, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { fill, text } from './messages.ts';
import { ProcedureFacts } from './ProcedureSearchPage.tsx';
import { useProcedurePage, usePublishedForm } from './queries.ts';

/** One procedure for citizens: requirements, fees, time, level, documents, and the way to apply. */
export function ProcedurePage() {
  const { code } = useParams({ from: '/dich-vu-cong/$code' });
  const { pick, unitName } = useLanguage();
  const page = useProcedurePage(code);
  const form = usePublishedForm(code);
  usePageTitle(page.data ? pick({ vi: page.data.nameVi, en: page.data.nameEn }) : pick(text.searchTitle));
  if (page.isPending) return <Loading label="…" />;
  if (page.isError) return <ProblemAlert error={page.error} onRetry={() => void page.refetch()} />;
  const procedure = page.data;
  const notes =
    procedure.notesVi && procedure.notesEn ? pick({ vi: procedure.notesVi, en: procedure.notesEn }) : null;
  const agencies =
    procedure.agencyLevel === 'commune' && procedure.agencies.length > 3
      ? [fill(pick(text.allCommunes), { count: procedure.agencies.length })]
      : procedure.agencies.map(unitName);
  return (
    <Stack gap="lg" data-testid="procedure-page">
      <AnchorLink to="/dich-vu-cong">{pick(text.backToSearch)}</AnchorLink>
      <Stack gap="xs">
        <Title order={1}>{pick({ vi: procedure.nameVi, en: procedure.nameEn })}</Title>
        <Text c="dimmed">{pick({ vi: procedure.fieldVi, en: procedure.fieldEn })}</Text>
        <ProcedureFacts procedure={procedure} />
      </Stack>
      <Group>
        <Button component="a" href={`/dich-vu-cong/${encodeURIComponent(procedure.code)}/nop`} size="md">
          {pick(text.apply)}
        </Button>
        <Text size="sm" c="dimmed">
          {pick(text.assurance)}:{' '}
          {pick(text.acr[procedure.minimumAcr] ?? { vi: procedure.minimumAcr, en: procedure.minimumAcr })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-labelledby="documents-heading">
          <Title order={2} size="h4" id="documents-heading" mb="xs">
            {pick(text.documents)}
          </Title>
          {procedure.requiredDocuments.length ? (
            <List size="sm" spacing={4}>
              {procedure.requiredDocuments.map((document) => (
                <List.Item key={document.vi}>{pick(document)}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">{pick(text.noDocuments)}</Text>
          )}
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="facts-heading">
          <Title order={2} size="h4" id="facts-heading" mb="xs">
            {pick(text.agencies)}
          </Title>
          <List size="sm" spacing={4}>
            {agencies.map((agency) => (
              <List.Item key={agency}>{agency}</List.Item>
            ))}
          </List>
          <Title order={3} size="h5" mt="md" mb={4}>
            {pick(text.result)}
          </Title>
          <Text size="sm">{pick(procedure.resultType)}</Text>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="legal-heading">
          <Title order={2} size="h4" id="legal-heading" mb="xs">
            {pick(text.legalBasis)}
          </Title>
          <List size="sm" spacing={4}>
            {procedure.legalBasis.map((basis) => (
              <List.Item key={basis}>{basis}</List.Item>
            ))}
          </List>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="items-heading">
          <Title order={2} size="h4" id="items-heading" mb="xs">
            {pick(text.dataItems)}
          </Title>
          <Text size="sm">
            {procedure.items.map((item, index) => (
              <span key={item}>
                {index ? ', ' : ''}
                <Anchor href={`/du-lieu/chuan-du-lieu/${encodeURIComponent(item)}`} size="sm">
                  {item}
                </Anchor>
              </span>
            ))}
          </Text>
          {procedure.publishedVersion ? (
            <Text size="xs" c="dimmed" mt="xs">
              {fill(pick(text.formVersion), { version: procedure.publishedVersion })}
            </Text>
          ) : null}
        </Paper>
      </SimpleGrid>
      {form.data?.definition.attachments.length ? (
        <Paper withBorder p="md" component="section" aria-labelledby="attachments-heading">
          <Title order={2} size="h4" id="attachments-heading" mb="xs">
            {pick(text.attachments)}
          </Title>
          <List size="sm" spacing={4} data-testid="procedure-attachments">
            {form.data.definition.attachments.map((attachment) => (
              <List.Item key={attachment.key}>
                {pick({ vi: attachment.labelVi, en: attachment.labelEn })}
                {attachment.required === true ? ` (${pick(text.required)})` : ''} —{' '}
                {fill(pick(text.attachmentRules), {
                  types: attachment.mediaTypes.map((type) => type.split('/')[1]?.toUpperCase()).join(', '),
                  size: `${Math.round(attachment.maxBytes / 1024 / 1024)} MB`,
                })}
              </List.Item>
            ))}
          </List>
        </Paper>
      ) : null}
      {notes ? (
        <Alert variant="light" color="gray" title={pick(text.notes)}>
          <Text size="sm">{notes}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}
