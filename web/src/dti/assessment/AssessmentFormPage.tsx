import { Alert, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useSession } from '../../lib/session.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { RequireOfficial } from '../../shell/AccessGate.tsx';
import { Loading } from '../../shell/Loading.tsx';
import { AnchorLink } from '../../shell/links.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { usePageTitle } from '../../shell/use-page-title.ts';
import {
  type Cycle,
  type CycleUnit,
  type Entry,
  type FrameworkDetail,
  useCycle,
  useEntries,
  useFramework,
} from '../api.ts';
import type { AutosaveQueue } from './autosave.ts';
import { ItemCard, type Payload } from './ItemCard.tsx';
import { applicability, isSelfAnswered } from './logic.ts';
import { fill, text } from './messages.ts';
import { SubmitPanel } from './SubmitPanel.tsx';

/** `/console/chi-so-cds/tu-danh-gia/$cycleId/$unitId`: a unit's self-assessment form. */
export function AssessmentFormPage() {
  const { cycleId, unitId } = useParams({ from: '/console/chi-so-cds/tu-danh-gia/$cycleId/$unitId' });
  const { pick } = useLanguage();
  const session = useSession();
  const principal = session.data?.principal;
  const membership =
    principal?.kind === 'official' ? principal.memberships.find((m) => m.unitId === unitId) : undefined;
  usePageTitle(
    fill(pick(text.formTitle), {
      unit: membership ? pick({ vi: membership.unitNameVi, en: membership.unitNameEn }) : unitId,
    }),
  );
  return (
    <Stack gap="md">
      <AnchorLink to="/console/chi-so-cds/tu-danh-gia">← {pick(text.back)}</AnchorLink>
      <RequireOfficial roles={['agency_reporter']} unitId={unitId}>
        {(principal) => <FormLoader cycleId={cycleId} unitId={unitId} principal={principal} />}
      </RequireOfficial>
    </Stack>
  );
}

function FormLoader({
  cycleId,
  unitId,
  principal,
}: {
  cycleId: string;
  unitId: string;
  principal: OfficialPrincipal;
}) {
  const { pick } = useLanguage();
  const cycle = useCycle(cycleId);
  const framework = useFramework(cycle.data?.frameworkId);
  const entries = useEntries(cycleId, unitId);
  const failed = cycle.error ?? framework.error ?? entries.error;
  if (failed) {
    if (failed instanceof ApiError && (failed.status === 404 || failed.status === 403))
      return (
        <Alert color="red" variant="light" role="alert">
          {pick(text.notInCycle)}
        </Alert>
      );
    return <ProblemAlert error={failed} />;
  }
  if (!cycle.data || !framework.data || !entries.data) return <Loading label={pick(text.loading)} />;
  const unit = cycle.data.units.find((u) => u.unitId === unitId);
  if (!unit)
    return (
      <Alert color="red" variant="light" role="alert">
        {pick(text.notInCycle)}
      </Alert>
    );
  const membership = principal.memberships.find((m) => m.unitId === unitId);
  const unitName = membership ? pick({ vi: membership.unitNameVi, en: membership.unitNameEn }) : unitId;
  return (
    <Form
      cycle={cycle.data}
      framework={framework.data}
      unit={unit}
      unitName={unitName}
      entries={entries.data}
    />
  );
}

function Form({
  cycle,
  framework,
  unit,
  unitName,
  entries,
}: {
  cycle: Cycle;
  framework: FrameworkDetail;
  unit: CycleUnit;
  unitName: string;
  entries: Entry[];
}) {
  const { pick, language } = useLanguage();
  const byCode = useMemo(() => new Map(entries.map((e) => [e.code, e])), [entries]);
  const cycleOpen = cycle.status === 'open';
  const queues = useRef(new Map<string, AutosaveQueue<Payload>>());
  const register = useCallback((code: string, queue: AutosaveQueue<Payload>) => {
    queues.current.set(code, queue);
    return () => {
      if (queues.current.get(code) === queue) queues.current.delete(code);
    };
  }, []);
  const flush = useCallback(async () => {
    const all = [...queues.current.values()];
    await Promise.all(all.map((q) => q.flush()));
    return all.every((q) => !q.dirty);
  }, []);
  // Values as typed, so the progress line follows the form before the saves return.
  const [live, setLive] = useState<Record<string, number | boolean | null>>({});
  const onValue = useCallback((code: string, value: number | boolean | null) => {
    setLive((old) => ({ ...old, [code]: value }));
  }, []);
  const [refused, setRefused] = useState<Set<string>>(new Set());
  const onRefused = useCallback((error: unknown | null) => {
    const codes = new Set<string>();
    if (error instanceof ApiError)
      for (const field of error.problem?.errors ?? []) {
        const match = /^entries\.(.+)\.evidence$/.exec(field.path);
        if (match?.[1]) codes.add(match[1]);
      }
    setRefused(codes);
  }, []);
  const dirty = useCallback(() => [...queues.current.values()].some((q) => q.dirty), []);
  useLeaveWarning(dirty);

  const subs = framework.tree.groups.flatMap((g) => g.indices.flatMap((m) => m.subIndices));
  const own = subs.filter((s) => isSelfAnswered(s) && applicability(s, unit).applies);
  const answered = own.filter((s) => {
    const value = s.code in live ? live[s.code] : (byCode.get(s.code)?.value ?? null);
    return value !== null && value !== undefined;
  }).length;
  const clarification = entries.filter((e) => e.status === 'clarification').length;
  const canSubmit = cycleOpen && (unit.status === 'draft' || clarification > 0);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{fill(pick(text.formTitle), { unit: unitName })}</Title>
        <Group gap="xs">
          <Text size="sm">
            {fill(pick(text.yearOf), {
              code: pick({ vi: framework.titleVi, en: framework.titleEn }),
              year: cycle.year,
            })}
          </Text>
          <Badge
            color={unit.status === 'submitted' ? 'blue' : 'gray'}
            variant="light"
            tt="none"
            data-testid="unit-status"
          >
            {pick(unit.status === 'submitted' ? text.unitSubmitted : text.unitDraft)}
          </Badge>
        </Group>
        <Text size="sm" data-testid="progress">
          {fill(pick(text.summary), { answered, total: own.length })}
        </Text>
        <Text size="sm" c="dimmed">
          {pick(text.formLead)}
        </Text>
        {framework.weightsArePlaceholders ? (
          <Text size="sm" c="dimmed">
            {pick(text.placeholderWeights)}
          </Text>
        ) : null}
      </Stack>
      {!cycleOpen ? (
        <Alert color="gray" variant="light">
          {pick(text.cycleLocked)}
        </Alert>
      ) : null}
      {unit.status === 'submitted' && unit.submittedAt ? (
        <Alert color="blue" variant="light" data-testid="submitted-notice">
          {fill(pick(text.submittedNotice), { at: formatDateTime(unit.submittedAt, language) })}
        </Alert>
      ) : null}
      {clarification > 0 ? (
        <Alert color="red" variant="light">
          {fill(pick(text.clarificationNotice), { n: clarification })}
        </Alert>
      ) : null}
      {framework.tree.groups.map((group) => (
        <Stack
          key={group.code}
          gap="md"
          component="section"
          aria-label={pick({ vi: group.nameVi, en: group.nameEn })}
        >
          <Title order={2}>
            {group.code}. {pick({ vi: group.nameVi, en: group.nameEn })}
          </Title>
          {group.indices.map((main) => (
            <Stack key={main.code} gap="sm">
              <Title order={3}>
                {main.code}. {pick({ vi: main.nameVi, en: main.nameEn })}
              </Title>
              {main.subIndices.map((sub) => (
                <ItemCard
                  key={sub.code}
                  sub={sub}
                  unit={unit}
                  entry={byCode.get(sub.code)}
                  cycleId={cycle.id}
                  cycleOpen={cycleOpen}
                  evidenceRefused={refused.has(sub.code)}
                  register={register}
                  onValue={onValue}
                />
              ))}
            </Stack>
          ))}
        </Stack>
      ))}
      {canSubmit ? (
        <SubmitPanel
          cycleId={cycle.id}
          unitId={unit.unitId}
          resubmit={unit.status === 'submitted'}
          answered={answered}
          total={own.length}
          flush={flush}
          onRefused={onRefused}
        />
      ) : null}
    </Stack>
  );
}

/** Asks before leaving the page while a change has not reached the server. */
function useLeaveWarning(dirty: () => boolean) {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (dirty()) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}
