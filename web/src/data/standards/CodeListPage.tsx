import { Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { DataAreaNav } from '../components/DataAreaNav.tsx';
import { useCodeList } from '../queries.ts';

/** One code list of the dictionary (ethnic groups, relation to the household head, administrative units…). */
export function CodeListPage() {
  const { t } = useTranslation('data');
  const { t: tc } = useTranslation();
  const { unitName, pick, language } = useLanguage();
  const { code } = useParams({ from: '/du-lieu/chuan-du-lieu/bang-ma/$code' });
  const list = useCodeList(code);
  usePageTitle(list.data ? unitName(list.data) : code);
  return (
    <Stack gap="lg">
      <DataAreaNav />
      <Stack gap="xs">
        <AnchorLink to="/du-lieu/chuan-du-lieu" search={{}} size="sm">
          ← {t('item.back')}
        </AnchorLink>
        <Title order={1}>
          {list.data ? unitName(list.data) : t('codeList.title')} <code>({code})</code>
        </Title>
      </Stack>
      {list.isPending ? (
        <Loading label={tc('loading')} />
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Stack gap="sm">
          {list.data.descriptionVi ? (
            <Text maw={860}>
              {pick({ vi: list.data.descriptionVi, en: list.data.descriptionEn ?? list.data.descriptionVi })}
            </Text>
          ) : null}
          <Text size="sm">
            {t('codeList.source')}: {pick({ vi: list.data.sourceVi, en: list.data.sourceEn })}
          </Text>
          {list.data.dynamic && list.data.at ? (
            <Text size="sm">{t('codeList.dynamicAt', { date: formatDate(list.data.at, language) })}</Text>
          ) : null}
          <Text role="status">{t('codeList.count', { count: list.data.values.length })}</Text>
          <Table.ScrollContainer minWidth={640}>
            <Table striped withTableBorder verticalSpacing="xs" data-testid="code-list-values">
              <Table.Caption>{t('codeList.caption', { name: unitName(list.data) })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('codeList.code')}</Table.Th>
                  <Table.Th scope="col">{t('codeList.label')}</Table.Th>
                  <Table.Th scope="col">{t('codeList.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.values.map((value) => (
                  <Table.Tr key={value.code}>
                    <Table.Th scope="row">
                      <code>{value.code}</code>
                    </Table.Th>
                    <Table.Td>{pick({ vi: value.labelVi, en: value.labelEn })}</Table.Td>
                    <Table.Td>{pick({ vi: value.noteVi, en: value.noteEn ?? value.noteVi }) ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Stack>
  );
}
