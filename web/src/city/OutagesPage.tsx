import { Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { withQuery } from '../lib/api.ts';
import { fill, formatDateTime } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { OUTAGES_PAGE, type OutageNotice, useOutages } from './api.ts';
import { CityHeader, SimulatedBadge, WardSelect } from './components.tsx';
import { text } from './messages.ts';

function what(notice: OutageNotice) {
  if (notice.kind === 'low_pressure') return text.lowPressure;
  return notice.service === 'electricity' ? text.powerCut : text.waterCut;
}

function Notice({ notice }: { notice: OutageNotice }) {
  const { pick, language } = useLanguage();
  return (
    <Card
      withBorder
      padding="md"
      component="article"
      aria-labelledby={`outage-${notice.id}`}
      data-testid="outage"
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h4" id={`outage-${notice.id}`}>
            {pick(what(notice))} – {pick(notice.unitName)}
          </Title>
          <Group gap="xs">
            <Badge variant="outline" color="dark" tt="none">
              {pick(notice.state === 'current' ? text.whenCurrent : text.whenUpcoming)}
            </Badge>
            <Badge variant="outline" color="dark" tt="none">
              {pick(notice.kind === 'unplanned' ? text.unplanned : text.planned)}
            </Badge>
            <SimulatedBadge simulated={notice.simulated} />
          </Group>
        </Group>
        <Text size="sm">
          <strong>{pick(text.area)}:</strong> {language === 'en' ? notice.areaEn : notice.areaVi}
        </Text>
        <Text size="sm">
          <strong>{pick(text.from)}</strong> {formatDateTime(notice.startsAt, language)}{' '}
          <strong>{pick(text.to).toLowerCase()}</strong> {formatDateTime(notice.endsAt, language)}
        </Text>
        <Text size="sm">
          <strong>{pick(text.reason)}:</strong> {language === 'en' ? notice.reasonEn : notice.reasonVi}
        </Text>
        <Text size="sm">
          <strong>{pick(text.utility)}:</strong> {notice.utility} · <strong>{pick(text.agency)}:</strong>{' '}
          {pick(notice.agencyName)}
        </Text>
      </Stack>
    </Card>
  );
}

/** `/mat-dien-nuoc`: current and upcoming power and water outages, by ward (public, no sign-in). */
export function OutagesPage() {
  const { pick } = useLanguage();
  const search = useSearch({ from: '/mat-dien-nuoc' });
  const navigate = useNavigate({ from: '/mat-dien-nuoc' });
  const [offset, setOffset] = useState(0);
  const outages = useOutages({ ...search, offset });
  const choose = (next: Partial<typeof search>) => {
    setOffset(0);
    void navigate({ search: { ...search, ...next } });
  };
  const total = outages.data?.total ?? 0;
  return (
    <Stack gap="lg">
      <CityHeader
        title={text.outagesTitle}
        lead={text.outagesLead}
        simulated={outages.data?.simulated ?? false}
      />
      <Group align="flex-end" gap="sm" wrap="wrap" role="group" aria-label={pick(text.filters)}>
        <WardSelect
          value={search.unitId ?? ''}
          onChange={(unitId) => choose({ unitId: unitId || undefined })}
        />
        <NativeSelect
          label={pick(text.service)}
          value={search.service ?? ''}
          onChange={(event) =>
            choose({ service: (event.currentTarget.value || undefined) as typeof search.service })
          }
          data={[
            { value: '', label: pick(text.allServices) },
            { value: 'electricity', label: pick(text.electricity) },
            { value: 'water', label: pick(text.water) },
          ]}
        />
        <NativeSelect
          label={pick(text.when)}
          value={search.when ?? ''}
          onChange={(event) =>
            choose({ when: (event.currentTarget.value || undefined) as typeof search.when })
          }
          data={[
            { value: '', label: pick(text.whenAll) },
            { value: 'current', label: pick(text.whenCurrent) },
            { value: 'upcoming', label: pick(text.whenUpcoming) },
          ]}
        />
        <Anchor
          href={withQuery('/api/urban/public/outages.rss', {
            unitId: search.unitId,
            service: search.service,
          })}
          mb={8}
        >
          {pick(text.feeds)}
        </Anchor>
      </Group>
      {outages.isPending ? <Loading label={pick(text.loading)} /> : null}
      {outages.isError ? <ProblemAlert error={outages.error} onRetry={() => void outages.refetch()} /> : null}
      {outages.data ? (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {fill(pick(text.outageCount), { n: total })}
          </Text>
          {outages.data.items.length === 0 ? <Text>{pick(text.noOutages)}</Text> : null}
          <Stack gap="sm">
            {outages.data.items.map((notice) => (
              <Notice key={notice.id} notice={notice} />
            ))}
          </Stack>
          {total > OUTAGES_PAGE ? (
            <Group>
              <Button
                variant="default"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - OUTAGES_PAGE))}
              >
                {pick(text.previous)}
              </Button>
              <Button
                variant="default"
                disabled={offset + OUTAGES_PAGE >= total}
                onClick={() => setOffset(offset + OUTAGES_PAGE)}
              >
                {pick(text.next)}
              </Button>
            </Group>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
