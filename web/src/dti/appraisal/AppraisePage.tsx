import { Alert, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { fill } from '../../lib/format.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import { useCycle, useEntries, useFramework } from '../api.ts';
import { appliesTo } from './display.ts';
import { ItemReview } from './ItemReview.tsx';
import { text } from './messages.ts';
import { useProgress } from './queries.ts';

/** `/console/chi-so-cds/tham-dinh/$cycleId/$unitId`: every item of one unit, to appraise one by one. */
export function AppraisePage() {
  const { pick } = useLanguage();
  const { cycleId, unitId } = useParams({ from: '/console/chi-so-cds/tham-dinh/$cycleId/$unitId' });
  return (
    <Stack gap="md">
      <AnchorLink to="/console/chi-so-cds/tham-dinh">{pick(text.back)}</AnchorLink>
      <RequireOfficial roles={['index_appraiser']}>
        {() => <UnitAppraisal cycleId={cycleId} unitId={unitId} />}
      </RequireOfficial>
    </Stack>
  );
}

function UnitAppraisal({ cycleId, unitId }: { cycleId: string; unitId: string }) {
  const { pick } = useLanguage();
  const cycle = useCycle(cycleId);
  const framework = useFramework(cycle.data?.frameworkId);
  const progress = useProgress(cycleId);
  const entries = useEntries(cycleId, unitId);
  const unit = progress.data?.find((u) => u.unitId === unitId);
  const name = unit ? pick({ vi: unit.nameVi, en: unit.nameEn }) : unitId;
  usePageTitle(fill(pick(text.unitTitle), { unit: name }));
  const error = cycle.error ?? framework.error ?? progress.error ?? entries.error;
  if (error) return <ProblemAlert error={error} />;
  if (!cycle.data || !framework.data || !progress.data || !entries.data)
    return <Loading label={pick(text.loading)} />;
  const cycleUnit = cycle.data.units.find((u) => u.unitId === unitId);
  if (!cycleUnit || !unit)
    return (
      <Alert color="red" variant="light">
        {pick(text.notReachable)}
      </Alert>
    );
  const editable = cycle.data.status === 'open' && cycleUnit.status === 'submitted';
  const byCode = new Map(entries.data.map((entry) => [entry.code, entry]));
  return (
    <Stack gap="md">
      <Title order={1}>{fill(pick(text.unitTitle), { unit: name })}</Title>
      <Text>{pick(text.unitLead)}</Text>
      <Text fw={600} data-testid="unit-summary">
        {fill(pick(text.summary), {
          pending: unit.items.submitted,
          clarification: unit.items.clarification,
          appraised: unit.items.accepted + unit.items.adjusted,
        })}
      </Text>
      {cycle.data.status !== 'open' ? (
        <Alert color="gray" variant="light">
          {pick(text.locked)}
        </Alert>
      ) : cycleUnit.status !== 'submitted' ? (
        <Alert color="blue" variant="light">
          {pick(text.notSubmitted)}
        </Alert>
      ) : null}
      {framework.data.tree.groups.map((group) => {
        const subs = group.indices
          .flatMap((main) => main.subIndices)
          .filter((sub) => appliesTo(sub, cycleUnit));
        if (subs.length === 0) return null;
        return (
          <Stack gap="sm" component="section" key={group.code} aria-labelledby={`group-${group.code}`}>
            <Title order={2} size="h4" id={`group-${group.code}`}>
              {fill(pick(text.groupOf), {
                code: group.code,
                name: pick({ vi: group.nameVi, en: group.nameEn }),
              })}
            </Title>
            {subs.map((sub) => (
              <ItemReview
                key={sub.code}
                cycleId={cycleId}
                unitId={unitId}
                sub={sub}
                entry={byCode.get(sub.code)}
                editable={editable}
              />
            ))}
          </Stack>
        );
      })}
    </Stack>
  );
}
