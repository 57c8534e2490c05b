import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useParams, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dayBefore, formatDate, formatNumber } from '../lib/format.ts';
import { holdsRole, useSession } from '../lib/session.ts';
import type { Unit, UnitDetail, UnitLink } from '../lib/types.ts';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { useUnit } from './queries.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" fw={700}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function Validity({ unit }: { unit: Unit }) {
  const { t } = useTranslation('agencies');
  const { language } = useLanguage();
  const from = formatDate(unit.validFrom, language);
  if (!unit.validTo) {
    return (
      <Group gap="xs">
        <span>{t('unit.validFrom', { date: from })}</span>
        <Badge color="teal" variant="light">
          {t('unit.current')}
        </Badge>
      </Group>
    );
  }
  return (
    <Group gap="xs">
      <span>{t('unit.validUntil', { from, to: formatDate(dayBefore(unit.validTo), language) })}</span>
      <Badge color="gray" variant="light">
        {t('unit.ended', { date: formatDate(unit.validTo, language) })}
      </Badge>
    </Group>
  );
}

function CodeValue({ name, value }: { name: string; value: string }) {
  const { t } = useTranslation('agencies');
  if (name === 'osmRelation') {
    return (
      <Anchor href={`https://www.openstreetmap.org/relation/${encodeURIComponent(value)}`} rel="noopener">
        {value}
      </Anchor>
    );
  }
  if (name === 'type') {
    const types: Record<string, string> = t('unit.districtTypes', { returnObjects: true });
    return <>{types[value] ?? value}</>;
  }
  return <>{value}</>;
}

function Links({ links, kind }: { links: UnitLink[]; kind: 'predecessors' | 'successors' }) {
  const { t } = useTranslation('agencies');
  const { t: tc } = useTranslation();
  const { language, unitName } = useLanguage();
  const headingId = `${kind}-heading`;
  const showShare = links.some((link) => link.sharePct !== null);
  const linkTypes: Record<string, string> = t('unit.linkTypes', { returnObjects: true });
  const basisTypes: Record<string, string> = t('unit.basisTypes', { returnObjects: true });
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="xs">
        {t(`unit.${kind}`)}
      </Title>
      {links.length === 0 ? (
        <Text>{t(kind === 'predecessors' ? 'unit.noPredecessors' : 'unit.noSuccessors')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder data-testid={kind}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('unit.linkUnit')}</Table.Th>
                <Table.Th scope="col">{t('unit.linkKind')}</Table.Th>
                <Table.Th scope="col">{t('unit.effectiveOn')}</Table.Th>
                {showShare ? <Table.Th scope="col">{t('unit.share')}</Table.Th> : null}
                <Table.Th scope="col">{t('unit.basis')}</Table.Th>
                <Table.Th scope="col">{t('unit.linkNote')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {links.map((link) => (
                <Table.Tr key={`${link.unit.id}:${link.effectiveOn}`}>
                  <Table.Td>
                    <AnchorLink to="/co-quan/$unitId" params={{ unitId: link.unit.id }}>
                      {unitName(link.unit)}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    {tc(`kind.${link.unit.kind}`)}
                    <Text size="xs" c="dimmed">
                      {linkTypes[link.kind] ?? link.kind}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDate(link.effectiveOn, language)}</Table.Td>
                  {showShare ? (
                    <Table.Td>
                      {link.sharePct === null
                        ? '—'
                        : t('unit.shareValue', { value: formatNumber(link.sharePct, language) })}
                    </Table.Td>
                  ) : null}
                  <Table.Td>{link.basis ? (basisTypes[link.basis] ?? link.basis) : '—'}</Table.Td>
                  <Table.Td>{(language === 'en' ? link.noteEn : link.noteVi) ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {showShare ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('unit.shareHint')}
        </Text>
      ) : null}
    </section>
  );
}

function UnitDetails({ unit, at }: { unit: UnitDetail; at?: string }) {
  const { t } = useTranslation('agencies');
  const { t: tc } = useTranslation();
  const { language, unitName } = useLanguage();
  const session = useSession();
  const parent = useUnitParent(unit.parentId);
  const canManage = holdsRole(session.data?.principal, ['agency_admin', 'city_admin'], unit.id);
  const note = language === 'en' ? unit.noteEn : unit.noteVi;
  const codes = Object.entries(unit.codes);
  const codeNames: Record<string, string> = t('unit.code', { returnObjects: true });
  const contact = Object.entries(unit.contact).filter(([, value]) => Boolean(value));

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/co-quan" search={at ? { at } : {}} size="sm">
          ← {t('unit.back')}
        </AnchorLink>
        <Title order={1}>{unitName(unit)}</Title>
        <Group gap="xs">
          <Badge variant="light">{tc(`kind.${unit.kind}`)}</Badge>
          {canManage ? (
            <AnchorLink to="/console/co-quan/$unitId/can-bo" params={{ unitId: unit.id }} size="sm">
              {t('unit.officials')}
            </AnchorLink>
          ) : null}
        </Group>
      </Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="sm">
            {t('unit.names')}
          </Title>
          <Stack component="dl" gap="sm" m={0}>
            <Field label={t('unit.nameVi')}>
              <span lang="vi">{unit.nameVi}</span>
            </Field>
            <Field label={t('unit.nameEn')}>
              <span lang="en">{unit.nameEn}</span>
            </Field>
            {unit.shortNameVi ? (
              <Field label={t('unit.shortName')}>
                <span lang="vi">{unit.shortNameVi}</span>
              </Field>
            ) : null}
            <Field label={t('unit.kind')}>{tc(`kind.${unit.kind}`)}</Field>
            {unit.parentId ? (
              <Field label={t('unit.parent')}>
                <AnchorLink to="/co-quan/$unitId" params={{ unitId: unit.parentId }}>
                  {parent.data ? unitName(parent.data) : unit.parentId}
                </AnchorLink>
              </Field>
            ) : null}
            <Field label={t('unit.validity')}>
              <Validity unit={unit} />
            </Field>
            {unit.areaKm2 !== null ? (
              <Field label={t('unit.area')}>
                {t('unit.areaValue', { value: formatNumber(unit.areaKm2, language) })}
              </Field>
            ) : null}
            {note ? <Field label={t('unit.note')}>{note}</Field> : null}
          </Stack>
        </Paper>
        <Stack gap="lg">
          <Paper withBorder p="md">
            <Title order={2} size="h3" mb="sm">
              {t('unit.codes')}
            </Title>
            {codes.length === 0 ? (
              <Text>{t('unit.noCodes')}</Text>
            ) : (
              <Stack component="dl" gap="sm" m={0}>
                {codes.map(([key, value]) => (
                  <Field key={key} label={codeNames[key] ?? key}>
                    <CodeValue name={key} value={value} />
                  </Field>
                ))}
              </Stack>
            )}
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h3" mb="sm">
              {t('unit.contact')}
            </Title>
            {contact.length === 0 ? (
              <Text>{t('unit.noContact')}</Text>
            ) : (
              <Stack component="dl" gap="sm" m={0}>
                {contact.map(([key, value]) => (
                  <Field key={key} label={t(`unit.${key as 'address' | 'phone' | 'email' | 'website'}`)}>
                    {key === 'website' ? (
                      <Anchor href={value} rel="noopener">
                        {value}
                      </Anchor>
                    ) : key === 'email' ? (
                      <Anchor href={`mailto:${value}`}>{value}</Anchor>
                    ) : (
                      value
                    )}
                  </Field>
                ))}
              </Stack>
            )}
          </Paper>
        </Stack>
      </SimpleGrid>
      <Links links={unit.predecessors} kind="predecessors" />
      <Links links={unit.successors} kind="successors" />
    </Stack>
  );
}

function useUnitParent(parentId: string | null) {
  return useUnit(parentId);
}

/** One unit: names, validity, codes, contact, and where it came from and went to. */
export function UnitPage() {
  const { unitId } = useParams({ from: '/co-quan/$unitId' });
  const { at } = useSearch({ from: '/co-quan/$unitId' });
  const { t } = useTranslation('agencies');
  const { t: tc } = useTranslation();
  const { unitName } = useLanguage();
  const unit = useUnit(unitId);
  usePageTitle(unit.data ? unitName(unit.data) : t('title'));
  if (unit.isPending) return <Loading label={tc('loading')} />;
  if (unit.isError) {
    return (
      <Stack>
        <Title order={1}>{t('title')}</Title>
        <ProblemAlert error={unit.error} onRetry={() => void unit.refetch()} />
      </Stack>
    );
  }
  return <UnitDetails unit={unit.data} at={at} />;
}
