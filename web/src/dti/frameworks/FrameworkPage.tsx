import { Alert, Group, List, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { fill, formatDateTime, formatNumber } from '../../lib/format.ts';
import { holdsRole, useSession } from '../../lib/session.ts';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { type FrameworkDetail, useFramework, useFrameworks } from '../api.ts';
import { PlaceholderBadge, ReferenceBadge } from './badges.tsx';
import { CopyForward } from './CopyForward.tsx';
import { FrameworkEditor } from './FrameworkEditor.tsx';
import { FrameworkTreeView } from './FrameworkTreeView.tsx';
import './frameworks.css';
import { text, unitSetNames } from './messages.ts';

/** The other versions of the same framework and year, newest first, with this one marked. */
function Versions({ framework }: { framework: FrameworkDetail }) {
  const { pick, language } = useLanguage();
  const versions = useFrameworks({ year: framework.year, unitSet: framework.unitSet });
  const same = (versions.data ?? []).filter((f) => f.code === framework.code);
  if (same.length < 2) return null;
  return (
    <Stack gap="xs" component="nav" aria-labelledby="dti-versions-heading">
      <Title order={2} size="h4" id="dti-versions-heading">
        {pick(text.otherVersions)}
      </Title>
      <List size="sm">
        {same.map((f) => (
          <List.Item key={f.id}>
            {f.id === framework.id ? (
              <Text span size="sm" fw={600} aria-current="page">
                {fill(pick(text.version), { version: f.version })} {pick(text.current)}
              </Text>
            ) : (
              <AnchorLink
                to="/console/chi-so-cds/bo-chi-so/$frameworkId"
                params={{ frameworkId: f.id }}
                size="sm"
              >
                {fill(pick(text.version), { version: f.version })}
              </AnchorLink>
            )}{' '}
            — {formatDateTime(f.createdAt, language)}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function Header({ framework }: { framework: FrameworkDetail }) {
  const { pick, language } = useLanguage();
  const title = pick({ vi: framework.titleVi, en: framework.titleEn });
  usePageTitle(`${title}, ${fill(pick(text.version), { version: framework.version }).toLowerCase()}`);
  const note = pick({ vi: framework.noteVi, en: framework.noteEn });
  const n = (value: number) => formatNumber(value, language);
  return (
    <Stack gap="xs">
      <AnchorLink to="/console/chi-so-cds/bo-chi-so" size="sm">
        ← {pick(text.back)}
      </AnchorLink>
      <Text size="sm" c="dimmed">
        {pick(unitSetNames[framework.unitSet])} · {fill(pick(text.year), { year: framework.year })}
      </Text>
      <Title order={1}>
        {title} — {fill(pick(text.version), { version: framework.version })}
      </Title>
      <Group gap="xs">
        {framework.reference ? <ReferenceBadge /> : null}
        {framework.weightsArePlaceholders ? <PlaceholderBadge /> : null}
      </Group>
      <Text size="sm">
        {pick(text.groups)}: {n(framework.counts.groups)} · {pick(text.mainIndices)}:{' '}
        {n(framework.counts.mainIndices)} · {pick(text.subIndices)}: {n(framework.counts.subIndices)} ·{' '}
        {pick(text.totalPoints)}: {n(framework.counts.maxPoints)}
      </Text>
      {note ? (
        <Text size="sm">
          {pick(text.note)}: {note}
        </Text>
      ) : null}
      {framework.weightsArePlaceholders ? (
        <Alert color="pink" variant="light" title={pick(text.placeholder)}>
          {pick(text.placeholderNotice)}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** `/console/chi-so-cds/bo-chi-so/$frameworkId`: one version as a tree; the council edits and copies it. */
export function FrameworkPage() {
  const { pick } = useLanguage();
  const { frameworkId } = useParams({ from: '/console/chi-so-cds/bo-chi-so/$frameworkId' });
  const framework = useFramework(frameworkId);
  const session = useSession();
  const council = holdsRole(session.data?.principal, ['plan_owner']);
  if (framework.isPending || session.isPending) return <Loading label={pick(text.loading)} />;
  if (framework.isError)
    return <ProblemAlert error={framework.error} onRetry={() => void framework.refetch()} />;
  const data = framework.data;
  return (
    <Stack gap="lg">
      <Header framework={data} />
      <Versions framework={data} />
      {council ? (
        <>
          <FrameworkEditor framework={data} key={data.id} />
          <CopyForward framework={data} key={`copy-${data.id}`} />
        </>
      ) : (
        <>
          <Alert color="blue" variant="light">
            {pick(text.readOnly)}
          </Alert>
          <FrameworkTreeView tree={data.tree} errors={{}} />
        </>
      )}
    </Stack>
  );
}
