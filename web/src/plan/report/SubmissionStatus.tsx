import { Alert, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import { SubmissionBadge } from '../components/badges.tsx';
import type { Worklist } from '../types.ts';

/** Where the agency's submission stands: state, due date, the reason it came back, and its history. */
export function SubmissionStatus({ worklist }: { worklist: Worklist }) {
  const { t } = useTranslation('plan');
  const { language } = useLanguage();
  const { submission, cycle } = worklist;
  return (
    <Stack gap="sm">
      <Group gap="xs" data-testid="submission-state">
        <Text fw={700}>{t('worklist.state')}:</Text>
        <SubmissionBadge state={submission.state} late={submission.late} />
        <Text size="sm">· {t('completion.due', { date: formatDate(cycle.dueOn, language) })}</Text>
      </Group>
      {submission.state === 'approved' ? (
        <Alert color="teal" variant="light" title={t('worklist.lockedTitle')}>
          <Text size="sm">{t('worklist.locked')}</Text>
        </Alert>
      ) : null}
      {submission.state === 'returned' && submission.returnReason ? (
        <Alert color="red" variant="light" title={t('worklist.returnedTitle')} data-testid="return-reason">
          <Text size="sm">{submission.returnReason}</Text>
        </Alert>
      ) : null}
      {submission.events.length > 0 ? (
        <details>
          <summary>{t('worklist.history', { count: submission.events.length })}</summary>
          <List size="sm" mt="xs" spacing={4}>
            {submission.events.map((event) => (
              <List.Item key={`${event.at}:${event.action}`}>
                {formatDateTime(event.at, language)} — {t(`worklist.event.${event.action}`)}
                {event.by ? ` (${event.by})` : ''}
                {event.late ? ` · ${t('submission.late')}` : ''}
                {event.reason ? `: ${event.reason}` : ''}
              </List.Item>
            ))}
          </List>
        </details>
      ) : null}
    </Stack>
  );
}
