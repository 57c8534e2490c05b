import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useUnits } from '../agencies/queries.ts';
import { api } from '../lib/api.ts';
import { hanoiToday } from '../lib/format.ts';
import { ProblemAlert } from '../shell/ProblemAlert.tsx';
import { useLanguage } from '../shell/use-language.ts';
import {
  type ActionSpec,
  type ActionValues,
  actionsFor,
  bodyOf,
  emptyValues,
  problemsOf,
} from './actions.ts';
import { type CaseDetail, caseKeys, casePath } from './api.ts';
import { fill, text } from './messages.ts';

/** What the last action gave: a confirmation, or the server's problem. */
type Outcome = { message: string } | { error: unknown } | null;

function AgencySelect({
  value,
  error,
  exclude,
  onChange,
}: {
  value: string;
  error: string | undefined;
  exclude: string;
  onChange: (value: string) => void;
}) {
  const { pick, unitName } = useLanguage();
  const units = useUnits({ at: hanoiToday() });
  return (
    <NativeSelect
      label={pick(text.targetAgency)}
      required
      value={value}
      error={error}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[
        { value: '', label: pick(text.chooseAgency) },
        ...(units.data?.units ?? [])
          .filter((unit) => unit.id !== exclude)
          .map((unit) => ({ value: unit.id, label: unitName(unit) })),
      ]}
    />
  );
}

/** The inputs one action needs, then its button; final decisions ask for confirmation first. */
function ActionForm({
  spec,
  dossier,
  onDone,
}: {
  spec: ActionSpec;
  dossier: CaseDetail;
  onDone: (outcome: Outcome) => void;
}) {
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ActionValues>(emptyValues);
  const [shown, setShown] = useState<Partial<Record<keyof ActionValues, true>>>({});
  const [confirming, setConfirming] = useState(false);
  const set = (key: keyof ActionValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const act = useMutation({
    mutationFn: () =>
      api<CaseDetail>(`${casePath(dossier.code)}/actions`, { method: 'POST', body: bodyOf(spec, values) }),
    onSuccess: (after) => {
      onDone({
        message: fill(pick(text.performed), {
          action: pick(spec.label),
          state: pick({ vi: after.stateVi, en: after.stateEn }),
        }),
      });
      setValues(emptyValues);
      setConfirming(false);
      queryClient.setQueryData(caseKeys.detail(dossier.code), after);
      void queryClient.invalidateQueries({ queryKey: caseKeys.all });
    },
    onError: (error) => {
      setConfirming(false);
      onDone({ error });
      // Refused actions often mean the dossier moved on elsewhere: show where it is now.
      void queryClient.invalidateQueries({ queryKey: caseKeys.detail(dossier.code) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onDone(null);
    const problems = problemsOf(spec, values);
    setShown(problems);
    if (Object.keys(problems).length > 0) return;
    if (spec.final && !confirming) {
      setConfirming(true);
      return;
    }
    act.mutate();
  };
  const reasonInput = spec.inputs.includes('reason') || spec.inputs.includes('optionalReason');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {spec.inputs.includes('targetAgency') ? (
          <AgencySelect
            value={values.targetAgencyId}
            exclude={dossier.agencyId}
            error={shown.targetAgencyId ? pick(text.agencyRequired) : undefined}
            onChange={set('targetAgencyId')}
          />
        ) : null}
        {spec.inputs.includes('days') ? (
          <TextInput
            label={pick(text.days)}
            required
            inputMode="numeric"
            value={values.days}
            error={shown.days ? pick(text.daysInvalid) : undefined}
            onChange={(event) => set('days')(event.currentTarget.value)}
            maw={240}
          />
        ) : null}
        {spec.inputs.includes('assign') ? (
          <Group grow align="flex-start">
            <TextInput
              label={pick(text.stepInput)}
              maxLength={200}
              value={values.step}
              onChange={(event) => set('step')(event.currentTarget.value)}
            />
            <TextInput
              label={pick(text.officialInput)}
              maxLength={100}
              value={values.officialId}
              onChange={(event) => set('officialId')(event.currentTarget.value)}
            />
          </Group>
        ) : null}
        {spec.inputs.includes('reference') ? (
          <TextInput
            label={pick(text.reference)}
            required
            maxLength={200}
            value={values.reference}
            error={shown.reference ? pick(text.referenceRequired) : undefined}
            onChange={(event) => set('reference')(event.currentTarget.value)}
          />
        ) : null}
        {reasonInput ? (
          <Textarea
            label={pick(spec.inputs.includes('reason') ? text.reasonRequired : text.reasonOptional)}
            required={spec.inputs.includes('reason')}
            maxLength={2000}
            autosize
            minRows={2}
            value={values.reason}
            error={shown.reason ? pick(text.reasonTooShort) : undefined}
            onChange={(event) => set('reason')(event.currentTarget.value)}
          />
        ) : null}
        {confirming ? (
          <Alert
            color="orange"
            variant="light"
            title={pick(text.confirmTitle)}
            role="alertdialog"
            aria-live="polite"
          >
            <Text size="sm">
              {fill(pick(text.confirmBody), { action: pick(spec.label), code: dossier.code })}
            </Text>
            <Group gap="xs" mt="sm">
              <Button type="submit" color="red" loading={act.isPending}>
                {pick(text.confirm)}
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                {pick(text.cancel)}
              </Button>
            </Group>
          </Alert>
        ) : (
          <Group>
            <Button type="submit" loading={act.isPending}>
              {pick(spec.label)}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** Only the actions the server allows this officer in the dossier's current state. */
export function ActionsPanel({ dossier }: { dossier: CaseDetail }) {
  const { pick } = useLanguage();
  const specs = actionsFor(dossier.allowedActions);
  const [chosen, setChosen] = useState<string>('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const spec = specs.find((s) => s.name === chosen) ?? specs[0];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="actions-heading">
      <Title order={2} size="h3" id="actions-heading" mb="sm">
        {pick(text.actions)}
      </Title>
      {outcome && 'message' in outcome ? (
        <Alert color="green" variant="light" role="status" mb="md">
          {outcome.message}
        </Alert>
      ) : null}
      {outcome && 'error' in outcome ? (
        <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
          <ProblemAlert error={outcome.error} title={pick(text.actionFailed)} />
        </div>
      ) : null}
      {!spec ? (
        <Text>{pick(dossier.state === 'supplement_requested' ? text.waitingCitizen : text.noActions)}</Text>
      ) : (
        <Stack gap="md">
          <NativeSelect
            label={pick(text.chooseAction)}
            value={spec.name}
            onChange={(event) => setChosen(event.currentTarget.value)}
            data={specs.map((s) => ({ value: s.name, label: pick(s.label) }))}
            maw={420}
          />
          {/* Keyed by state and action: a fresh form (no stale reason) after every change. */}
          <ActionForm
            key={`${dossier.state}:${spec.name}`}
            spec={spec}
            dossier={dossier}
            onDone={setOutcome}
          />
        </Stack>
      )}
    </Paper>
  );
}
