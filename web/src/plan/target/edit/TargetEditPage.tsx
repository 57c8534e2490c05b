import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { RequireOfficial } from '../../../shell/AccessGate.tsx';
import { Loading } from '../../../shell/Loading.tsx';
import { AnchorLink } from '../../../shell/links.tsx';
import { ProblemAlert } from '../../../shell/ProblemAlert.tsx';
import { usePageTitle } from '../../../shell/use-page-title.ts';
import { ConfidenceBadge, StatusBadge } from '../../components/badges.tsx';
import { useBilingual } from '../../format.ts';
import { PLAN_ID, useTarget } from '../../queries.ts';
import { OverrideForm } from './OverrideForm.tsx';
import { TargetEditForm } from './TargetEditForm.tsx';

function Editor({ code }: { code: string }) {
  const { t } = useTranslation('plan');
  const { t: tc } = useTranslation();
  const { label } = useBilingual();
  const target = useTarget(PLAN_ID, code);
  const heading = target.data ? t('edit.title', { code: target.data.code }) : t('edit.titlePlain');
  usePageTitle(heading);
  if (target.isPending) return <Loading label={tc('loading')} />;
  if (target.isError) return <ProblemAlert error={target.error} onRetry={() => void target.refetch()} />;
  const data = target.data;
  // The server says whether this official may edit the target (it checks again on every write).
  if (!data.canEdit) {
    return (
      <Alert color="red" variant="light" title={t('edit.notAllowedTitle')}>
        <Text size="sm">{t('edit.notAllowed')}</Text>
      </Alert>
    );
  }
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={2} size="h3">
          {data.code} — {label(data)}
        </Title>
        <Group gap="xs">
          <ConfidenceBadge confidence={data.confidence} label={data.confidenceLabel} />
          <StatusBadge status={data.status} overridden={Boolean(data.override)} />
        </Group>
      </Stack>
      <TargetEditForm target={data} key={data.code} />
      <OverrideForm target={data} />
    </Stack>
  );
}

/** The plan owner's edit of one target, and the status override with a note. */
export function TargetEditPage() {
  const { t } = useTranslation('plan');
  const { code } = useParams({ from: '/console/ke-hoach/chi-tieu/$code' });
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/ke-hoach/chi-tieu/$code" params={{ code }} search={{}} size="sm">
          ← {t('edit.back')}
        </AnchorLink>
        <Title order={1}>{t('edit.title', { code })}</Title>
        <Text>{t('edit.lead')}</Text>
      </Stack>
      <RequireOfficial roles={['plan_owner']}>{() => <Editor code={code} />}</RequireOfficial>
    </Stack>
  );
}
