import './ioc.css';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { formatDateTime } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { useActiveAlerts, useIncidentStep } from './api.ts';
import { incidentLabels, severityColours, severityLabels, text } from './messages.ts';

/** The active alerts, newest first, each acknowledged from here (which acknowledges its incident). */
export function AlertList() {
  const { pick, language } = useLanguage();
  const alerts = useActiveAlerts();
  const step = useIncidentStep();
  const headline = (cap: { info: { headline: string }[] }) =>
    cap.info[language === 'en' ? 1 : 0]?.headline ?? '';
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="ioc-alerts">
      <Title order={2} size="h4" id="ioc-alerts" mb="xs">
        {pick(text.alertsTitle)}
      </Title>
      {alerts.isError ? <ProblemAlert error={alerts.error} onRetry={() => void alerts.refetch()} /> : null}
      {step.isError ? <ProblemAlert error={step.error} /> : null}
      {alerts.data && alerts.data.items.length === 0 ? <Text size="sm">{pick(text.noAlerts)}</Text> : null}
      <Stack gap="xs" component="ul" className="ioc-list" aria-live="polite">
        {alerts.data?.items.map((alert) => (
          <li key={alert.id} data-alert-id={alert.id} data-entity-id={alert.entityId}>
            <Paper withBorder p="xs">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={2}>
                  <Group gap={6}>
                    <Badge color={severityColours[alert.severity] ?? 'gray'}>
                      {pick(severityLabels[alert.severity] ?? severityLabels.Unknown!)}
                    </Badge>
                    <Badge variant="outline">{pick(incidentLabels[alert.incident.state])}</Badge>
                    {alert.cap.status === 'Test' ? (
                      <Badge color="pink" variant="outline" tt="none">
                        {pick(text.simulated)}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="sm" fw={600}>
                    {headline(alert.cap)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(alert.sentAt, language)} · {alert.entityId}
                  </Text>
                </Stack>
                {alert.incident.state === 'new' ? (
                  <Button
                    size="xs"
                    loading={step.isPending && step.variables?.id === alert.incident.id}
                    onClick={() => step.mutate({ id: alert.incident.id, step: 'acknowledge' })}
                  >
                    {pick(text.acknowledge)}
                  </Button>
                ) : null}
              </Group>
            </Paper>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}
