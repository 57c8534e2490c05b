import { Anchor, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { Evidence } from '../types.ts';

/**
 * Where a piece of evidence downloads from: a value's evidence is kept by `metrics`
 * (`/api/metrics/evidence/{id}`), a task report's by `plan` (`/api/plan/evidence/{fileId}`).
 */
export const evidenceHref = (evidence: Evidence, of: 'value' | 'taskReport') =>
  of === 'value'
    ? `/api/metrics/evidence/${encodeURIComponent(evidence.id)}`
    : `/api/plan/evidence/${encodeURIComponent(evidence.id)}`;

export function EvidenceList({ evidence, of }: { evidence: Evidence[]; of: 'value' | 'taskReport' }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  if (evidence.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('evidence.none')}
      </Text>
    );
  }
  return (
    <List size="sm" spacing={2} data-testid="evidence">
      {evidence.map((item) => (
        <List.Item key={item.id}>
          <Anchor href={evidenceHref(item, of)} download={item.filename}>
            {item.filename}
          </Anchor>{' '}
          <Text span size="xs" c="dimmed">
            (
            {t('evidence.size', {
              size: formatNumber(Math.max(1, Math.round(item.sizeBytes / 1024)), language),
            })}
            )
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
