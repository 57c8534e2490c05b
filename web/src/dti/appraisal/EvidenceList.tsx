import { Anchor, Table, Text } from '@mantine/core';
import { fill, formatDate, isIsoDate } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { Evidence, SubIndex } from '../api.ts';
import { text } from './messages.ts';

/** The evidence the unit cites for one item: document number, title, date and the file, if any. */
export function EvidenceList(props: {
  cycleId: string;
  unitId: string;
  sub: SubIndex;
  evidence: Evidence[];
}) {
  const { cycleId, unitId, sub, evidence } = props;
  const { pick, language } = useLanguage();
  const caption = `${pick(text.evidence)} ${sub.evidence.required ? pick(text.evidenceRequired) : ''}`.trim();
  if (evidence.length === 0)
    return (
      <div>
        <Text size="sm" fw={600}>
          {caption}
        </Text>
        <Text size="sm">{pick(text.noEvidence)}</Text>
      </div>
    );
  return (
    <Table withTableBorder fz="sm" data-testid="evidence">
      <Table.Caption style={{ captionSide: 'top', textAlign: 'start', fontWeight: 600 }}>
        {caption}
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{pick(text.docNumber)}</Table.Th>
          <Table.Th scope="col">{pick(text.docTitle)}</Table.Th>
          <Table.Th scope="col">{pick(text.docDate)}</Table.Th>
          <Table.Th scope="col">{pick(text.docFile)}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {evidence.map((item, i) => (
          <Table.Tr key={`${item.documentNumber}|${item.title}|${item.date}|${item.fileId ?? ''}`}>
            <Table.Td>{item.documentNumber}</Table.Td>
            <Table.Td>{item.title}</Table.Td>
            <Table.Td>{isIsoDate(item.date) ? formatDate(item.date, language) : item.date}</Table.Td>
            <Table.Td>
              {item.fileId ? (
                <Anchor
                  href={`/api/dti/cycles/${cycleId}/units/${encodeURIComponent(unitId)}/evidence-files/${encodeURIComponent(item.fileId)}`}
                  download
                >
                  {fill(pick(text.download), { n: i + 1 })}
                </Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
