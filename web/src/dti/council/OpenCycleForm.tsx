import { Button, Card, MultiSelect, NativeSelect, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useUnits } from '../../agencies/queries.ts';
import { api } from '../../lib/api.ts';
import { fill, hanoiToday } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { type Cycle, dtiKeys, type FrameworkSummary, useFrameworks } from '../api.ts';
import { text } from './messages.ts';

const ECONOMY_TAG = 'digital_economy_duty';

/** The units a framework's set is drawn from, in the register today. */
function useSetUnits(framework: FrameworkSummary | undefined) {
  const at = hanoiToday();
  const set = framework?.unitSet;
  const departments = useUnits({ at, kind: 'department' }, set === 'departments');
  const wards = useUnits({ at, kind: 'ward' }, set === 'communes');
  const communes = useUnits({ at, kind: 'commune' }, set === 'communes');
  const all = useUnits({ at }, set === 'provinces');
  if (set === 'departments') return departments.data?.units ?? [];
  if (set === 'communes') return [...(wards.data?.units ?? []), ...(communes.data?.units ?? [])];
  return all.data?.units ?? [];
}

/** Opening a cycle: a framework version, its default units or chosen ones, and the departments' tags. */
export function OpenCycleForm({ onOpened }: { onOpened: (cycle: Cycle) => void }) {
  const { pick, unitName } = useLanguage();
  const queryClient = useQueryClient();
  const frameworks = useFrameworks();
  const [frameworkId, setFrameworkId] = useState('');
  const [scope, setScope] = useState<'all' | 'chosen'>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const [tagged, setTagged] = useState<string[]>([]);
  const framework = frameworks.data?.find((f) => f.id === frameworkId);
  // A provincial framework has no default unit set.
  const effective = framework?.unitSet === 'provinces' ? 'chosen' : scope;
  const units = useSetUnits(framework);
  const options = units.map((u) => ({ value: u.id, label: unitName(u) }));
  const inScope = effective === 'all' ? options : options.filter((o) => chosen.includes(o.value));
  const open = useMutation({
    mutationFn: () => {
      const explicit = effective === 'chosen' ? chosen : tagged.length > 0 ? units.map((u) => u.id) : null;
      const body = {
        frameworkId,
        ...(explicit
          ? {
              units: explicit.map((unitId) => ({
                unitId,
                tags: tagged.includes(unitId) ? [ECONOMY_TAG] : [],
              })),
            }
          : {}),
      };
      return api<Cycle>('/api/dti/cycles', { method: 'POST', body });
    },
    onSuccess: async (cycle) => {
      await queryClient.invalidateQueries({ queryKey: dtiKeys.cycles });
      setChosen([]);
      setTagged([]);
      onOpened(cycle);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate();
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="open-cycle">
      <form onSubmit={submit}>
        <Stack gap="sm" maw={640}>
          <Title order={2} size="h3" id="open-cycle">
            {pick(text.openTitle)}
          </Title>
          {frameworks.isError ? <ProblemAlert error={frameworks.error} /> : null}
          <NativeSelect
            label={pick(text.framework)}
            value={frameworkId}
            onChange={(event) => {
              setFrameworkId(event.currentTarget.value);
              setChosen([]);
              setTagged([]);
            }}
            required
            data={[
              { value: '', label: pick(text.chooseFramework) },
              ...(frameworks.data ?? []).map((f) => ({
                value: f.id,
                label: fill(pick(text.frameworkOption), {
                  title: pick({ vi: f.titleVi, en: f.titleEn }),
                  year: f.year,
                  version: f.version,
                }),
              })),
            ]}
          />
          <Radio.Group
            label={pick(text.scope)}
            value={effective}
            onChange={(value) => setScope(value === 'chosen' ? 'chosen' : 'all')}
          >
            <Stack gap={6} mt={6}>
              <Radio value="all" label={pick(text.scopeAll)} disabled={framework?.unitSet === 'provinces'} />
              <Radio value="chosen" label={pick(text.scopeChosen)} />
            </Stack>
          </Radio.Group>
          {framework?.unitSet === 'provinces' ? (
            <Text size="sm">{pick(text.provincialNeedsUnits)}</Text>
          ) : null}
          {effective === 'chosen' ? (
            <MultiSelect
              label={pick(text.units)}
              description={pick(text.unitsHint)}
              data={options}
              value={chosen}
              onChange={setChosen}
              searchable
              clearable
            />
          ) : null}
          {framework?.unitSet === 'departments' ? (
            <MultiSelect
              label={pick(text.economyTags)}
              description={pick(text.economyHint)}
              data={inScope}
              value={tagged}
              onChange={setTagged}
              searchable
              clearable
            />
          ) : null}
          {open.isError ? <ProblemAlert error={open.error} /> : null}
          <div>
            <Button type="submit" loading={open.isPending} disabled={!frameworkId}>
              {pick(text.open)}
            </Button>
          </div>
          <Text size="sm" role="status" aria-live="polite">
            {open.data
              ? fill(pick(text.opened), { code: open.data.frameworkCode, year: open.data.year })
              : ''}
          </Text>
        </Stack>
      </form>
    </Card>
  );
}
