import { Anchor, Group, Paper, SimpleGrid, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../agencies/queries.ts';
import { formatDate, formatNumber, hanoiToday } from '../../lib/format.ts';
import { AnchorLink } from '../../shell/links.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { Fact, Facts } from '../components/Facts.tsx';
import { formatDay } from '../format.ts';
import { useVocabularies } from '../queries.ts';
import type { Dataset } from '../types.ts';

function SpatialCoverage({ unitIds }: { unitIds: string[] }) {
  const { t } = useTranslation('data');
  const { unitName } = useLanguage();
  const units = useUnits({ at: hanoiToday() }, unitIds.length > 0);
  if (unitIds.length === 0) return <>{t('dataset.notGiven')}</>;
  const names = unitIds.map((id) => {
    const unit = units.data?.units.find((candidate) => candidate.id === id);
    return unit ? unitName(unit) : id;
  });
  const shown = names.slice(0, 12).join(', ');
  return <>{names.length > 12 ? t('dataset.andMore', { list: shown, count: names.length - 12 }) : shown}</>;
}

/** DCAT-AP metadata of a dataset: publisher, contact, licence and attribution, coverage, dates. */
export function DatasetMetadata({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation('data');
  const { language, unitName, pick } = useLanguage();
  const vocabularies = useVocabularies();
  const frequency = vocabularies.data?.frequencies.find((entry) => entry.code === dataset.frequency);
  const temporal =
    dataset.temporalStart || dataset.temporalEnd
      ? `${dataset.temporalStart ? formatDate(dataset.temporalStart, language) : '…'} – ${
          dataset.temporalEnd ? formatDate(dataset.temporalEnd, language) : '…'
        }`
      : t('dataset.notGiven');
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('dataset.about')}
        </Title>
        <Facts>
          <Fact label={t('dataset.publisher')}>
            <AnchorLink to="/du-lieu" search={{ organization: dataset.organization.id }}>
              {unitName(dataset.organization)}
            </AnchorLink>
          </Fact>
          <Fact label={t('dataset.contact')}>
            {dataset.contactName || dataset.contactEmail ? (
              <>
                {dataset.contactName}
                {dataset.contactName && dataset.contactEmail ? ' · ' : ''}
                {dataset.contactEmail ? (
                  <Anchor href={`mailto:${dataset.contactEmail}`} size="sm">
                    {dataset.contactEmail}
                  </Anchor>
                ) : null}
              </>
            ) : (
              t('dataset.notGiven')
            )}
          </Fact>
          <Fact label={t('dataset.themes')}>
            {dataset.themes.length ? (
              <Group gap={8} component="span">
                {dataset.themes.map((theme) => (
                  <AnchorLink key={theme.code} to="/du-lieu" search={{ group: theme.code.toLowerCase() }}>
                    {pick(theme)}
                  </AnchorLink>
                ))}
              </Group>
            ) : (
              t('dataset.notGiven')
            )}
          </Fact>
          <Fact label={t('dataset.keywords')}>
            {dataset.keywords.length ? (
              <Group gap={8} component="span">
                {dataset.keywords.map((keyword) => (
                  <AnchorLink key={keyword} to="/du-lieu" search={{ tag: keyword }}>
                    {keyword}
                  </AnchorLink>
                ))}
              </Group>
            ) : (
              t('dataset.notGiven')
            )}
          </Fact>
          <Fact label={t('dataset.counters')}>
            {t('dataset.countersValue', {
              downloads: formatNumber(dataset.counters.downloads, language),
              calls: formatNumber(dataset.counters.apiCalls, language),
            })}
          </Fact>
        </Facts>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('dataset.licenceAndCoverage')}
        </Title>
        <Facts>
          <Fact label={t('dataset.licence')}>
            {dataset.licence.url ? (
              <Anchor
                href={dataset.licence.url}
                size="sm"
                rel="license noopener noreferrer"
                data-testid="licence"
              >
                {dataset.licence.title}
              </Anchor>
            ) : (
              <span data-testid="licence">{dataset.licence.title}</span>
            )}
            {dataset.licence.open ? '' : ` (${t('dataset.notOpenLicence')})`}
          </Fact>
          <Fact label={t('dataset.temporal')}>{temporal}</Fact>
          <Fact label={t('dataset.spatial')}>
            <SpatialCoverage unitIds={dataset.spatialUnitIds} />
          </Fact>
          <Fact label={t('dataset.frequency')}>{frequency ? pick(frequency) : dataset.frequency}</Fact>
          <Fact label={t('dataset.dates')}>
            {t('dataset.datesValue', {
              issued: dataset.issued ? formatDay(dataset.issued, language) : '—',
              modified: formatDay(dataset.modified, language),
              version: dataset.version,
            })}
          </Fact>
        </Facts>
      </Paper>
    </SimpleGrid>
  );
}
