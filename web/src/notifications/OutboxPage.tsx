import { Alert, Badge, Code, type MantineColor, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { Loading } from '../shell/Loading.tsx';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';
import { OUTBOX_LIMIT, type OutboxMail, useOutbox } from './queries.ts';

const knownStates = ['local', 'pending', 'sent', 'failed'] as const;
type KnownState = (typeof knownStates)[number];
const isKnown = (status: string): status is KnownState => (knownStates as readonly string[]).includes(status);

/** Colours whose darkest shade reads at 4.5:1 on their light background (shell/theme.ts). */
const stateColors: Record<KnownState, MantineColor> = {
  local: 'gray',
  pending: 'blue',
  sent: 'teal',
  failed: 'red',
};

/** Whether a channel's adapter is configured: when not, its messages are only kept here. */
function AdapterBanner({ channel, on }: { channel: 'smtp' | 'sms'; on: boolean }) {
  const { t } = useTranslation('notifications');
  return (
    <Alert
      role="note"
      color={on ? 'teal' : 'red'}
      variant="light"
      title={on ? t(`outbox.${channel}On`) : t(`outbox.${channel}Off`)}
      data-testid={`${channel}-banner`}
      data-on={on}
    >
      <Text size="sm">{on ? t(`outbox.${channel}OnBody`) : t(`outbox.${channel}OffBody`)}</Text>
    </Alert>
  );
}

/** The status in words: a short badge, then what it means and, when tried, the attempts and error. */
function MailStatus({ mail }: { mail: OutboxMail }) {
  const { t } = useTranslation('notifications');
  const state = isKnown(mail.status) ? mail.status : null;
  return (
    <Stack gap={4}>
      <Badge
        color={state ? stateColors[state] : 'gray'}
        variant="light"
        tt="none"
        data-status={mail.status}
        style={{ alignSelf: 'flex-start' }}
      >
        {state ? t(`outbox.state.${state}`) : mail.status}
      </Badge>
      <Text size="sm">
        {state
          ? t(mail.channel === 'sms' ? `outbox.explainSms.${state}` : `outbox.explain.${state}`)
          : t('outbox.explain.other', { status: mail.status })}
      </Text>
      {mail.attempts > 0 ? (
        <Text size="sm" c="dimmed">
          {t('outbox.attempts', { attempts: mail.attempts })}
        </Text>
      ) : null}
      {mail.lastError ? (
        <Text size="sm" c="red.9" style={{ overflowWrap: 'anywhere' }}>
          {t('outbox.lastError', { error: mail.lastError })}
        </Text>
      ) : null}
    </Stack>
  );
}

function OutboxTable({ mail }: { mail: OutboxMail[] }) {
  const { t } = useTranslation('notifications');
  const { language } = useLanguage();
  if (mail.length === 0) return <Text data-testid="outbox-empty">{t('outbox.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={1040}>
      <Table striped withTableBorder verticalSpacing="sm" data-testid="outbox">
        <Table.Caption>{t('outbox.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('outbox.channel')}</Table.Th>
            <Table.Th scope="col">{t('outbox.to')}</Table.Th>
            <Table.Th scope="col">{t('outbox.subject')}</Table.Th>
            <Table.Th scope="col">{t('outbox.status')}</Table.Th>
            <Table.Th scope="col">{t('outbox.createdAt')}</Table.Th>
            <Table.Th scope="col">{t('outbox.sentAt')}</Table.Th>
            <Table.Th scope="col">{t('outbox.body')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {mail.map((entry) => (
            <Table.Tr key={entry.id} data-mail={entry.id} data-channel={entry.channel}>
              <Table.Td>{t(`outbox.channels.${entry.channel}`)}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.to}</Table.Td>
              <Table.Td>{entry.subject}</Table.Td>
              <Table.Td style={{ minWidth: '14rem' }}>
                <MailStatus mail={entry} />
              </Table.Td>
              <Table.Td>{formatDateTime(entry.createdAt, language)}</Table.Td>
              <Table.Td>{entry.sentAt ? formatDateTime(entry.sentAt, language) : '—'}</Table.Td>
              <Table.Td style={{ minWidth: '16rem' }}>
                <details>
                  <summary>
                    {t(entry.channel === 'sms' ? 'outbox.showSms' : 'outbox.showBody', { to: entry.to })}
                  </summary>
                  <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {entry.body}
                  </Code>
                </details>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OutboxView() {
  const { t } = useTranslation('notifications');
  const { t: tc } = useTranslation();
  const outbox = useOutbox();
  if (outbox.isPending) return <Loading label={tc('loading')} />;
  if (outbox.isError) return <ProblemAlert error={outbox.error} onRetry={() => void outbox.refetch()} />;
  return (
    <Stack gap="md">
      <AdapterBanner channel="smtp" on={outbox.data.smtp} />
      <AdapterBanner channel="sms" on={outbox.data.sms} />
      <OutboxTable mail={outbox.data.mail} />
      {outbox.data.mail.length >= OUTBOX_LIMIT ? (
        <Text size="sm" c="dimmed">
          {t('outbox.showingLatest', { limit: OUTBOX_LIMIT })}
        </Text>
      ) : null}
    </Stack>
  );
}

/** `/console/hop-thu-di`: the outbox (e-mail and SMS), for the city administrator. */
export function OutboxPage() {
  const { t } = useTranslation('notifications');
  usePageTitle(t('outbox.title'));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('outbox.heading')}</Title>
        <Text>{t('outbox.lead')}</Text>
      </Stack>
      <RequireOfficial roles={['city_admin']}>{() => <OutboxView />}</RequireOfficial>
    </Stack>
  );
}
