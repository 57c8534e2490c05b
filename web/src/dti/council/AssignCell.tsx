import { ActionIcon, Badge, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { fill } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { type Appraiser, appraisalKeys, type UnitProgress } from '../appraisal/queries.ts';
import { text } from './messages.ts';

/** A unit's appraisers: who is assigned (each removable) and a picker to add one. */
export function AssignCell(props: {
  cycleId: string;
  unit: UnitProgress;
  candidates: Appraiser[];
  editable: boolean;
}) {
  const { cycleId, unit, candidates, editable } = props;
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  const [officialId, setOfficialId] = useState('');
  const unitName = pick({ vi: unit.nameVi, en: unit.nameEn });
  const change = useMutation({
    mutationFn: (input: { officialId: string; add: boolean }) =>
      api(
        `/api/dti/cycles/${cycleId}/units/${encodeURIComponent(unit.unitId)}/appraisers/${input.officialId}`,
        {
          method: input.add ? 'PUT' : 'DELETE',
        },
      ),
    onSuccess: async () => {
      setOfficialId('');
      await queryClient.invalidateQueries({ queryKey: appraisalKeys.progress(cycleId) });
    },
  });
  const assigned = new Set(unit.appraisers.map((a) => a.officialId));
  const free = candidates.filter((c) => !assigned.has(c.officialId));
  return (
    <Stack gap={6}>
      {unit.appraisers.length === 0 ? (
        <Text size="sm">{pick(text.unassigned)}</Text>
      ) : (
        <Group gap={4}>
          {unit.appraisers.map((a) => (
            <Badge
              key={a.officialId}
              variant="light"
              color="blue"
              tt="none"
              rightSection={
                editable ? (
                  <ActionIcon
                    size="xs"
                    variant="transparent"
                    color="blue"
                    aria-label={fill(pick(text.remove), { name: a.fullName, unit: unitName })}
                    onClick={() => change.mutate({ officialId: a.officialId, add: false })}
                  >
                    ×
                  </ActionIcon>
                ) : null
              }
            >
              {a.fullName}
            </Badge>
          ))}
        </Group>
      )}
      {editable && free.length > 0 ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (officialId) change.mutate({ officialId, add: true });
          }}
        >
          <Group gap={4} wrap="nowrap">
            <NativeSelect
              size="xs"
              aria-label={fill(pick(text.assignTo), { unit: unitName })}
              value={officialId}
              onChange={(event) => setOfficialId(event.currentTarget.value)}
              data={[
                { value: '', label: pick(text.chooseAppraiser) },
                ...free.map((c) => ({ value: c.officialId, label: c.fullName })),
              ]}
            />
            <Button
              size="xs"
              type="submit"
              variant="outline"
              disabled={!officialId}
              loading={change.isPending}
              aria-label={`${pick(text.assign)}: ${unitName}`}
            >
              {pick(text.assign)}
            </Button>
          </Group>
        </form>
      ) : null}
      {change.isError ? <ProblemAlert error={change.error} /> : null}
    </Stack>
  );
}
