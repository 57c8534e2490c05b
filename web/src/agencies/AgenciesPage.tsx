import { Button, Grid, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hanoiToday, isIsoDate } from '../lib/format.ts';
import { type UnitKind, unitKinds } from '../lib/types.ts';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { usePageTitle } from '../shell/use-page-title.ts';
import { useUnits, useUnitTree } from './queries.ts';
import { countTree, FlatUnitList, UnitTree } from './UnitList.tsx';

// Leaflet is loaded only when the map is shown.
const BoundaryMap = lazy(() => import('./BoundaryMap.tsx'));

/** The agencies browser: units valid on a date, as a tree or a filtered list, beside a boundary map. */
export function AgenciesPage() {
  const { t } = useTranslation('agencies');
  const { t: tc } = useTranslation();
  usePageTitle(t('title'));
  const search = useSearch({ from: '/co-quan' });
  const navigate = useNavigate({ from: '/co-quan' });
  const at = search.at ?? hanoiToday();
  const filtered = Boolean(search.kind || search.q);

  const [dateInput, setDateInput] = useState(at);
  const [queryInput, setQueryInput] = useState(search.q ?? '');
  useEffect(() => setDateInput(at), [at]);
  useEffect(() => setQueryInput(search.q ?? ''), [search.q]);

  const tree = useUnitTree(at, !filtered);
  const units = useUnits({ at, kind: search.kind, q: search.q }, filtered);
  const list = filtered ? units : tree;

  const apply = (next: { at?: string; kind?: UnitKind; q?: string }) =>
    void navigate({ search: (previous) => ({ ...previous, ...next }), replace: true });

  return (
    <Stack gap="lg">
      <Stack gap="xs" maw={820}>
        <Title order={1}>{t('heading')}</Title>
        <Text>{t('lead')}</Text>
      </Stack>

      <Paper
        component="form"
        withBorder
        p="md"
        aria-label={t('filters')}
        onSubmit={(event) => {
          event.preventDefault();
          apply({ at: isIsoDate(dateInput) ? dateInput : undefined, q: queryInput.trim() || undefined });
        }}
      >
        <Group align="flex-end" gap="md">
          <TextInput
            type="date"
            label={t('date')}
            description={t('dateHint')}
            value={dateInput}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setDateInput(value);
              if (isIsoDate(value)) apply({ at: value });
            }}
            w={{ base: '100%', sm: 260 }}
          />
          <NativeSelect
            label={t('kind')}
            value={search.kind ?? ''}
            onChange={(event) =>
              apply({ kind: (event.currentTarget.value || undefined) as UnitKind | undefined })
            }
            data={[
              { value: '', label: t('allKinds') },
              ...unitKinds.map((kind) => ({ value: kind, label: tc(`kind.${kind}`) })),
            ]}
            w={{ base: '100%', sm: 220 }}
          />
          <TextInput
            type="search"
            label={t('search')}
            description={t('searchHint')}
            value={queryInput}
            onChange={(event) => setQueryInput(event.currentTarget.value)}
            maxLength={100}
            w={{ base: '100%', sm: 260 }}
          />
          <Group gap="xs">
            <Button type="submit">{t('apply')}</Button>
            <Button
              variant="default"
              onClick={() => void navigate({ search: {}, replace: true })}
              disabled={!search.at && !filtered}
            >
              {t('reset')}
            </Button>
          </Group>
        </Group>
      </Paper>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <section aria-labelledby="unit-list-heading">
            <Title order={2} id="unit-list-heading" size="h3" mb="xs">
              {t('listHeading')}
            </Title>
            {list.isPending ? (
              <Loading label={tc('loading')} />
            ) : list.isError ? (
              <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
            ) : (
              <>
                <Text size="sm" mb="xs" aria-live="polite" data-testid="unit-count">
                  {t('count', {
                    count: filtered ? (units.data?.units.length ?? 0) : countTree(tree.data?.tree ?? []),
                  })}
                </Text>
                <div className="unit-list-scroll">
                  {filtered ? (
                    units.data?.units.length ? (
                      <FlatUnitList units={units.data.units} at={at} />
                    ) : (
                      <Text>{t('noResults')}</Text>
                    )
                  ) : (
                    <UnitTree tree={tree.data?.tree ?? []} at={at} />
                  )}
                </div>
              </>
            )}
          </section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <section aria-labelledby="map-heading">
            <Title order={2} id="map-heading" size="h3" mb="xs">
              {t('mapHeading')}
            </Title>
            <Suspense fallback={<Loading label={t('mapLoading')} />}>
              <BoundaryMap
                at={at}
                onSelect={(unitId) =>
                  void navigate({ to: '/co-quan/$unitId', params: { unitId }, search: { at } })
                }
              />
            </Suspense>
          </section>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
