import { Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Loading } from '../../shell/Loading.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { dataKeys, portalPaths } from '../queries.ts';

type VersionSummary = { version: number; changedAt: string; action: string; current: boolean };

const knownActions = [
  'update',
  'patch',
  'delete',
  'resource_create',
  'resource_update',
  'resource_delete',
] as const;
type KnownAction = (typeof knownActions)[number];

/** Every version of the dataset's metadata and resources, and the change that replaced it. */
export function VersionHistory({ name }: { name: string }) {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { language } = useLanguage();
  const versions = useQuery({
    queryKey: [...dataKeys.dataset(name), 'versions'],
    queryFn: ({ signal }) => api<VersionSummary[]>(`${portalPaths.dataset(name)}/versions`, { signal }),
  });
  const event = (entry: VersionSummary) => {
    if (entry.current) return t('versions.current');
    return knownActions.includes(entry.action as KnownAction)
      ? t('versions.replacedBy', { change: t(`versions.action.${entry.action as KnownAction}`) })
      : t('versions.replacedBy', { change: entry.action });
  };
  return (
    <section aria-labelledby="versions-heading">
      <Title order={2} size="h3" id="versions-heading" mb="xs">
        {t('versions.heading')}
      </Title>
      {versions.isPending ? (
        <Loading label={tc('loading')} />
      ) : versions.isError ? (
        <ProblemAlert error={versions.error} onRetry={() => void versions.refetch()} />
      ) : versions.data.length === 0 ? (
        <Text>{t('versions.none')}</Text>
      ) : (
        <Table withTableBorder striped verticalSpacing="xs" maw={860}>
          <Table.Caption>{t('versions.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('versions.version')}</Table.Th>
              <Table.Th scope="col">{t('versions.at')}</Table.Th>
              <Table.Th scope="col">{t('versions.event')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.data.map((entry) => (
              <Table.Tr key={`${entry.version}:${entry.changedAt}`}>
                <Table.Th scope="row">v{entry.version}</Table.Th>
                <Table.Td>{formatDateTime(entry.changedAt, language)}</Table.Td>
                <Table.Td>{event(entry)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
