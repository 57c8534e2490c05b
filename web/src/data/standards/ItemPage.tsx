import { Alert, Anchor, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnit } from '../../agencies/queries.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { ItemStatusBadge, SensitivityBadge, VerificationBadge } from '../components/badges.tsx';
import { DataAreaNav } from '../components/DataAreaNav.tsx';
import { Fact, Facts } from '../components/Facts.tsx';
import { formatDay } from '../format.ts';
import { dictionaryPaths, useItem, useSources } from '../queries.ts';
import type { DataItemDetail, ItemConstraints } from '../types.ts';

/** The constraints of an item, in words. */
function ConstraintList({ constraints }: { constraints: ItemConstraints }) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  const n = (value: number) => formatNumber(value, language);
  const lines: { key: string; text: ReactNode }[] = [];
  if (constraints.pattern !== undefined)
    lines.push({
      key: 'pattern',
      text: (
        <>
          {t('constraint.pattern')}: <code>{constraints.pattern}</code>
        </>
      ),
    });
  if (constraints.minLength !== undefined)
    lines.push({ key: 'minLength', text: t('constraint.minLength', { value: n(constraints.minLength) }) });
  if (constraints.maxLength !== undefined)
    lines.push({ key: 'maxLength', text: t('constraint.maxLength', { value: n(constraints.maxLength) }) });
  if (constraints.minimum !== undefined)
    lines.push({ key: 'minimum', text: t('constraint.minimum', { value: n(constraints.minimum) }) });
  if (constraints.maximum !== undefined)
    lines.push({ key: 'maximum', text: t('constraint.maximum', { value: n(constraints.maximum) }) });
  if (constraints.geometryTypes)
    lines.push({
      key: 'geometryTypes',
      text: t('constraint.geometryTypes', { value: constraints.geometryTypes.join(', ') }),
    });
  if (constraints.mediaTypes)
    lines.push({
      key: 'mediaTypes',
      text: t('constraint.mediaTypes', { value: constraints.mediaTypes.join(', ') }),
    });
  if (constraints.maxBytes !== undefined)
    lines.push({ key: 'maxBytes', text: t('constraint.maxBytes', { value: n(constraints.maxBytes) }) });
  if (lines.length === 0) return <>{t('constraint.none')}</>;
  return (
    <List size="sm" component="ul">
      {lines.map((line) => (
        <List.Item key={line.key}>{line.text}</List.Item>
      ))}
    </List>
  );
}

function AgencyName({ unitId }: { unitId: string }) {
  const { unitName } = useLanguage();
  const unit = useUnit(unitId);
  return (
    <AnchorLink to="/co-quan/$unitId" params={{ unitId }} search={{}}>
      {unit.data ? unitName(unit.data) : unitId}
    </AnchorLink>
  );
}

function ItemDetail({ item }: { item: DataItemDetail }) {
  const { t } = useTranslation('data');
  const { language, unitName, pick } = useLanguage();
  const sources = useSources();
  const source = item.source ? sources.data?.find((candidate) => candidate.code === item.source) : undefined;
  const description = pick({ vi: item.descriptionVi, en: item.descriptionEn ?? item.descriptionVi });
  return (
    <Stack gap="lg">
      <Group gap="xs">
        <ItemStatusBadge status={item.status} />
        <SensitivityBadge sensitivity={item.sensitivity} />
        <VerificationBadge value={item.verificationClass} />
      </Group>
      {item.status === 'deprecated' ? (
        <Alert color="red" variant="light" title={t('item.deprecatedTitle')}>
          <Text size="sm">{item.deprecationReason}</Text>
          {item.replacedBy ? (
            <Text size="sm" mt={4}>
              {t('item.replacedBy')}{' '}
              <AnchorLink to="/du-lieu/chuan-du-lieu/$code" params={{ code: item.replacedBy }}>
                <code>{item.replacedBy}</code>
              </AnchorLink>
            </Text>
          ) : null}
        </Alert>
      ) : null}
      {description ? <Text maw={860}>{description}</Text> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('item.definition')}
          </Title>
          <Facts>
            <Fact label={t('standards.code')}>
              <code>{item.code}</code>
            </Fact>
            <Fact label={t('item.names')}>
              {item.nameVi} / <span lang="en">{item.nameEn}</span>
            </Fact>
            <Fact label={t('standards.type')}>{t(`itemType.${item.type}`)}</Fact>
            <Fact label={t('item.constraints')}>
              <ConstraintList constraints={item.constraints} />
            </Fact>
            {item.codeList ? (
              <Fact label={t('item.codeList')}>
                <AnchorLink to="/du-lieu/chuan-du-lieu/bang-ma/$code" params={{ code: item.codeList }}>
                  <code>{item.codeList}</code>
                </AnchorLink>
              </Fact>
            ) : null}
          </Facts>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('item.governance')}
          </Title>
          <Facts>
            <Fact label={t('standards.sensitivity')}>
              {t(`sensitivity.${item.sensitivity}`)} — {t(`sensitivityHint.${item.sensitivity}`)}
            </Fact>
            <Fact label={t('standards.verification')}>
              {t(`verification.${item.verificationClass}`)} —{' '}
              {t(`verificationHint.${item.verificationClass}`)}
            </Fact>
            <Fact label={t('standards.source')}>
              {source
                ? `${unitName(source)} (${pick({ vi: source.custodianVi, en: source.custodianEn })})`
                : (item.source ?? t('standards.noSource'))}
            </Fact>
            <Fact label={t('item.steward')}>
              <AgencyName unitId={item.agencyId} />
            </Fact>
            <Fact label={t('standards.version')}>
              v{item.version}
              {item.approvedAt
                ? ` · ${t('item.approvedOn', { date: formatDateTime(item.approvedAt, language) })}`
                : ''}
            </Fact>
          </Facts>
        </Paper>
      </SimpleGrid>
      <Group gap="md">
        <Anchor href={dictionaryPaths.itemSchema(item.code, item.version)} fw={600}>
          {t('item.schema', { version: item.version })}
        </Anchor>
      </Group>
      <section aria-labelledby="versions-heading">
        <Title order={2} size="h3" id="versions-heading" mb="xs">
          {t('item.versions')}
        </Title>
        <Table withTableBorder striped verticalSpacing="xs" maw={720}>
          <Table.Caption>{t('item.versionsCaption', { code: item.code })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('standards.version')}</Table.Th>
              <Table.Th scope="col">{t('item.status')}</Table.Th>
              <Table.Th scope="col">{t('item.created')}</Table.Th>
              <Table.Th scope="col">{t('item.approved')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {item.versions.map((version) => (
              <Table.Tr key={version.version}>
                <Table.Th scope="row">v{version.version}</Table.Th>
                <Table.Td>
                  <ItemStatusBadge status={version.status} />
                </Table.Td>
                <Table.Td>{formatDay(version.createdAt, language)}</Table.Td>
                <Table.Td>{version.approvedAt ? formatDateTime(version.approvedAt, language) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
    </Stack>
  );
}

/** One data item of the city's dictionary: definition, constraints, governance and versions. */
export function ItemPage() {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { unitName } = useLanguage();
  const { code } = useParams({ from: '/du-lieu/chuan-du-lieu/$code' });
  const item = useItem(code);
  usePageTitle(item.data ? `${unitName(item.data)} (${code})` : code);
  return (
    <Stack gap="lg">
      <DataAreaNav />
      <Stack gap="xs">
        <AnchorLink to="/du-lieu/chuan-du-lieu" search={{}} size="sm">
          ← {t('item.back')}
        </AnchorLink>
        <Title order={1}>
          {item.data ? unitName(item.data) : t('item.title')} <code>({code})</code>
        </Title>
      </Stack>
      {item.isPending ? (
        <Loading label={tc('loading')} />
      ) : item.isError ? (
        <ProblemAlert error={item.error} onRetry={() => void item.refetch()} />
      ) : (
        <ItemDetail item={item.data} />
      )}
    </Stack>
  );
}
