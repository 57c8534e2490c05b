import { Anchor, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { Evidence } from '../types.ts';

/**
 * Where a piece of evidence downloads from: one address for a value's evidence (kept by
 * `metrics`) and a task report's (kept by `plan`); the server finds which by its id.
 */
export const evidenceHref = (evidence: Evidence) => `/api/plan/evidence/${encodeURIComponent(evidence.id)}`;

export function EvidenceList({ evidence }: { evidence: Evidence[] }) {
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
          <Anchor href={evidenceHref(item)} download={item.filename}>
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
