import { Alert, Group, Image, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { formatDate } from '../lib/format.ts';
import { Loading } from '../shell/Loading.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { certificateQrPath, useCertificate } from './api.ts';
import { DemoBadge, ProcedureLink, useWardName } from './components.tsx';
import { StatusBadge } from './FoodSafetyPage.tsx';
import { text } from './messages.ts';

/** `/an-toan-thuc-pham/$id`: the public page of a certificate, which the QR code printed on it opens. */
export function CertificatePage() {
  const { id } = useParams({ from: '/an-toan-thuc-pham/$id' });
  const { pick, language } = useLanguage();
  const wardName = useWardName();
  usePageTitle(`${pick(text.certificate)} ${id}`);
  const cert = useCertificate(id);
  const row = (label: { vi: string; en: string }, value: ReactNode) => (
    <Table.Tr>
      <Table.Th scope="row" w="35%">
        {pick(label)}
      </Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap="lg">
      <AnchorLink to="/an-toan-thuc-pham">{pick(text.backToFood)}</AnchorLink>
      <Title order={1}>{pick(text.certificateTitle)}</Title>
      {cert.isPending ? (
        <Loading label={pick(text.loading)} />
      ) : cert.isError ? (
        <ProblemAlert error={cert.error} onRetry={() => void cert.refetch()} />
      ) : (
        <Stack gap="md">
          <Group gap="xs">
            <StatusBadge status={cert.data.status} />
            <DemoBadge demo={cert.data.demo} />
          </Group>
          {cert.data.demo ? (
            <Alert color="pink" variant="light" title={pick(text.demo)}>
              {pick(text.demoNotice)}
            </Alert>
          ) : null}
          {!cert.data.current ? (
            <Alert color="violet" variant="light">
              {pick(text.superseded)}
            </Alert>
          ) : null}
          <Group align="flex-start" gap="xl" wrap="wrap">
            <Table withTableBorder maw={640} style={{ flex: 1 }} aria-label={pick(text.certificate)}>
              <Table.Tbody>
                {row(text.certificateNumber, cert.data.id)}
                {row(text.holder, cert.data.establishment.name)}
                {row(
                  text.address,
                  `${cert.data.establishment.address} (${wardName(cert.data.establishment.unitId)})`,
                )}
                {row(text.status, pick(text.statuses[cert.data.status]))}
                {row(text.issuedOn, formatDate(cert.data.issuedOn, language))}
                {row(text.expiresOn, formatDate(cert.data.expiresOn, language))}
                {cert.data.revokedOn ? row(text.revokedOn, formatDate(cert.data.revokedOn, language)) : null}
                {cert.data.revokeReason ? row(text.reason, cert.data.revokeReason) : null}
                {row(text.issuedBy, cert.data.issuedBy)}
              </Table.Tbody>
            </Table>
            <Paper withBorder p="sm">
              <Stack gap={4} align="center">
                <Image src={certificateQrPath(cert.data.id)} w={180} h={180} alt={pick(text.qr)} />
                <Text size="xs" maw={180} ta="center">
                  {pick(text.qr)}
                </Text>
              </Stack>
            </Paper>
          </Group>
          <section aria-labelledby="inspections">
            <Title order={2} size="h3" id="inspections" mb="sm">
              {pick(text.inspections)}
            </Title>
            <Table withTableBorder striped aria-labelledby="inspections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{pick(text.inspectedOn)}</Table.Th>
                  <Table.Th>{pick(text.result)}</Table.Th>
                  <Table.Th>{pick(text.note)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cert.data.establishment.inspections.map((inspection) => (
                  <Table.Tr key={inspection.id}>
                    <Table.Td>{formatDate(inspection.inspectedOn, language)}</Table.Td>
                    <Table.Td>{pick(text.results_[inspection.result])}</Table.Td>
                    <Table.Td>{inspection.note ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
          <ProcedureLink procedure={cert.data.procedure} />
        </Stack>
      )}
    </Stack>
  );
}
