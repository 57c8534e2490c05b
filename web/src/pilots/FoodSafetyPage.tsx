import {
  Badge,
  Button,
  Card,
  Group,
  type MantineColor,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { fill, formatDate } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { type CertificateStatus, useEstablishments } from './api.ts';
import { DemoBadge, Pager, PilotHeader, useWardName, WardSelect } from './components.tsx';
import { text } from './messages.ts';

const LIMIT = 20;
const statuses: CertificateStatus[] = ['valid', 'expired', 'revoked', 'none'];
const statusColors: Record<CertificateStatus, MantineColor> = {
  valid: 'teal',
  expired: 'violet',
  revoked: 'red',
  none: 'gray',
};

export function StatusBadge({ status }: { status: CertificateStatus }) {
  const { pick } = useLanguage();
  return (
    <Badge color={statusColors[status]} variant="light" tt="none" data-status={status}>
      {pick(text.statuses[status])}
    </Badge>
  );
}

type Filters = { q?: string; unitId?: string; status?: CertificateStatus };

/** `/an-toan-thuc-pham`: food establishments by name or address, with inspections and certificate status. */
export function FoodSafetyPage() {
  const { pick, language } = useLanguage();
  const wardName = useWardName();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [offset, setOffset] = useState(0);
  const result = useEstablishments({ ...filters, limit: LIMIT, offset });
  return (
    <Stack gap="lg">
      <PilotHeader title={text.foodTitle} lead={text.foodLead} />
      <Paper
        component="form"
        role="search"
        withBorder
        p="md"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...draft });
          setOffset(0);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={pick(text.foodQuery)}
            maxLength={100}
            value={draft.q ?? ''}
            onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value || undefined })}
          />
          <WardSelect
            value={draft.unitId ?? ''}
            onChange={(unitId) => setDraft({ ...draft, unitId: unitId || undefined })}
            emptyLabel={text.anyWard}
          />
          <NativeSelect
            label={pick(text.status)}
            value={draft.status ?? ''}
            onChange={(event) =>
              setDraft({ ...draft, status: (event.currentTarget.value || undefined) as CertificateStatus })
            }
            data={[
              { value: '', label: pick(text.anyStatus) },
              ...statuses.map((status) => ({ value: status, label: pick(text.statuses[status]) })),
            ]}
          />
        </SimpleGrid>
        <Group mt="md" gap="xs">
          <Button type="submit">{pick(text.search)}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft({});
              setFilters({});
              setOffset(0);
            }}
          >
            {pick(text.clear)}
          </Button>
        </Group>
      </Paper>
      <section aria-labelledby="food-results">
        <Title order={2} size="h3" id="food-results" mb="sm">
          {pick(text.results)}
        </Title>
        {result.isPending ? (
          <Loading label={pick(text.loading)} />
        ) : result.isError ? (
          <ProblemAlert error={result.error} onRetry={() => void result.refetch()} />
        ) : (
          <Stack gap="sm" aria-busy={result.isFetching}>
            <Text role="status">{fill(pick(text.count), { count: result.data.total })}</Text>
            {result.data.items.length === 0 ? <Text>{pick(text.none)}</Text> : null}
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {result.data.items.map((item) => (
                <Card component="li" withBorder key={item.id} data-establishment={item.id}>
                  <Stack gap={4}>
                    <Group gap="xs">
                      <Text fw={600}>{item.name}</Text>
                      <StatusBadge status={item.status} />
                      <DemoBadge demo={item.demo} />
                    </Group>
                    <Text size="sm">
                      {pick(text.kinds[item.kind])} · {item.address} · {wardName(item.unitId)}
                    </Text>
                    {item.lastInspection ? (
                      <Text size="sm">
                        {pick(text.lastInspection)}: {formatDate(item.lastInspection.on, language)} —{' '}
                        {pick(text.results_[item.lastInspection.result])}
                      </Text>
                    ) : null}
                    {item.certificate ? (
                      <AnchorLink to="/an-toan-thuc-pham/$id" params={{ id: item.certificate.id }}>
                        {fill(pick(text.viewCertificate), { id: item.certificate.id })}
                      </AnchorLink>
                    ) : null}
                  </Stack>
                </Card>
              ))}
            </Stack>
            <Pager total={result.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </Stack>
        )}
      </section>
    </Stack>
  );
}
