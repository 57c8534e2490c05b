import { Badge, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateTime, formatNumber } from '../lib/format.ts';
import { useLanguage } from '../shell/use-language.ts';
import type { Operations } from './api.ts';
import { text } from './messages.ts';

/** Sections of the operations page, one per subsystem. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Label–value pairs as a description list. */
export function Figures({ items }: { items: [string, string][] }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" m={0}>
      {items.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="sm" c="dimmed">
            {label}
          </Text>
          <Text component="dd" fw={600} m={0}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

const ms = (seconds: number | null, format: (value: number) => string, none: string) =>
  seconds === null ? none : format(seconds * 1000);

export function ReadinessTable({ readiness }: { readiness: Operations['readiness'] }) {
  const { pick } = useLanguage();
  return (
    <Stack gap="sm">
      <div>
        <Badge color={readiness.ok ? 'teal' : 'red'} variant="light" size="lg">
          {pick(readiness.ok ? text.ready : text.notReady)}
        </Badge>
      </div>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{pick(text.check)}</Table.Th>
            <Table.Th scope="col">{pick(text.state)}</Table.Th>
            <Table.Th scope="col">{pick(text.detail)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.entries(readiness.checks).map(([name, check]) => (
            <Table.Tr key={name} data-check={name}>
              <Table.Th scope="row">{text.checks[name] ? pick(text.checks[name]) : name}</Table.Th>
              <Table.Td>
                <Badge color={check.ok ? 'teal' : 'red'} variant="light">
                  {pick(check.ok ? text.ok : text.failing)}
                </Badge>
              </Table.Td>
              <Table.Td>{check.detail ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function HttpTable({ routes }: { routes: Operations['http'] }) {
  const { pick, language } = useLanguage();
  const number = (value: number) => formatNumber(value, language);
  if (routes.length === 0) return <Text>{pick(text.noTraffic)}</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped>
        <Table.Caption>{pick(text.httpCaption)}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{pick(text.route)}</Table.Th>
            <Table.Th scope="col">{pick(text.requests)}</Table.Th>
            <Table.Th scope="col">{pick(text.perMinute)}</Table.Th>
            <Table.Th scope="col">{pick(text.p95)}</Table.Th>
            <Table.Th scope="col">{pick(text.serverErrors)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {routes.map((route) => (
            <Table.Tr key={`${route.method} ${route.route}`}>
              <Table.Th scope="row">
                <Text component="span" ff="monospace" size="sm">
                  {route.method} {route.route}
                </Text>
              </Table.Th>
              <Table.Td>{number(route.requests)}</Table.Td>
              <Table.Td>{number(route.perMinute)}</Table.Td>
              <Table.Td>{ms(route.p95Seconds, number, '—')}</Table.Td>
              <Table.Td>{number(route.serverErrors)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function IngestFigures({ ingest }: { ingest: Operations['ingest'] }) {
  const { pick, language } = useLanguage();
  const number = (value: number) => formatNumber(value, language);
  const none = pick(text.none);
  return (
    <Figures
      items={[
        [pick(text.readings), number(ingest.readings)],
        [pick(text.readingsPerMinute), number(ingest.readingsPerMinute)],
        [pick(text.lag), ms(ingest.lagP95Seconds, number, none)],
        [pick(text.batchDuration), ms(ingest.batchP95Seconds, number, none)],
        [pick(text.batches), number(ingest.batches)],
        [pick(text.failedBatches), number(ingest.failedBatches)],
        [pick(text.deadLetters), number(ingest.deadLetters)],
        [pick(text.lastBatch), ingest.lastBatchAt ? formatDateTime(ingest.lastBatchAt, language) : none],
      ]}
    />
  );
}

export function JobsTable({ jobs }: { jobs: Operations['jobs'] }) {
  const { pick, language } = useLanguage();
  if (jobs.length === 0) return <Text>{pick(text.noQueue)}</Text>;
  return (
    <Table striped>
      <Table.Caption>{pick(text.jobsCaption)}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{pick(text.job)}</Table.Th>
          <Table.Th scope="col">{pick(text.depth)}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.map((job) => (
          <Table.Tr key={job.job}>
            <Table.Th scope="row">
              <Text component="span" ff="monospace" size="sm">
                {job.job}
              </Text>
            </Table.Th>
            <Table.Td>{formatNumber(job.depth, language)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function DatabaseFigures({ database }: { database: Operations['database'] }) {
  const { pick, language } = useLanguage();
  if (!database.pool) return <Text>{pick(text.embeddedDatabase)}</Text>;
  return (
    <Figures
      items={[
        [pick(text.poolTotal), formatNumber(database.pool.total, language)],
        [pick(text.poolIdle), formatNumber(database.pool.idle, language)],
        [pick(text.poolWaiting), formatNumber(database.pool.waiting, language)],
      ]}
    />
  );
}
