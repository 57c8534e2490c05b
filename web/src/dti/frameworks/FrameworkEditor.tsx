import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useReducer, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { fill, formatNumber } from '../../lib/format.ts';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { dtiKeys, type FrameworkDetail } from '../api.ts';
import { FrameworkTreeView } from './FrameworkTreeView.tsx';
import { text } from './messages.ts';
import { editorReducer, initialState, isDirty, saveBody, treeCounts, weightSum } from './tree.ts';

/**
 * The council's editor: a working copy of this version's tree; saving posts it as a new version
 * and opens that version. The server's validation problems are shown at the nodes they name.
 */
export function FrameworkEditor({ framework }: { framework: FrameworkDetail }) {
  const { pick, language } = useLanguage();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [from] = useState(() => initialState(framework));
  const [state, dispatch] = useReducer(editorReducer, from);
  const [unchanged, setUnchanged] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<FrameworkDetail>(`/api/dti/frameworks/${framework.id}/versions`, {
        method: 'POST',
        body: saveBody(state),
      }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['dti', 'frameworks'] });
      queryClient.setQueryData(dtiKeys.framework(created.id), created);
      await navigate({
        to: '/console/chi-so-cds/bo-chi-so/$frameworkId',
        params: { frameworkId: created.id },
      });
    },
    onError: (error) => {
      if (error instanceof ApiError) dispatch({ type: 'errors', errors: error.problem?.errors ?? [] });
    },
  });
  const counts = treeCounts(state.tree);
  const number = (n: number) => formatNumber(n, language);
  return (
    <Stack gap="md">
      <FrameworkTreeView tree={state.tree} errors={state.errors} dispatch={dispatch} />
      <Paper
        component="form"
        withBorder
        p="md"
        aria-labelledby="dti-save-heading"
        onSubmit={(event) => {
          event.preventDefault();
          const dirty = isDirty(state, from);
          setUnchanged(!dirty);
          if (dirty) save.mutate();
        }}
      >
        <Title order={2} id="dti-save-heading" mb="sm">
          {pick(text.edit)}
        </Title>
        <Stack gap="sm">
          <Text size="sm">
            {pick(text.groups)}: {number(counts.groups)} · {pick(text.mainIndices)}:{' '}
            {number(counts.mainIndices)} · {pick(text.subIndices)}: {number(counts.subIndices)} ·{' '}
            {pick(text.totalPoints)}: {number(counts.maxPoints)} ·{' '}
            {fill(pick(text.weightSum), { sum: number(weightSum(state.tree)) })}
          </Text>
          <Checkbox
            label={pick(text.placeholderToggle)}
            checked={state.weightsArePlaceholders}
            onChange={(e) => dispatch({ type: 'placeholders', value: e.currentTarget.checked })}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Textarea
              label={pick(text.noteVi)}
              maxLength={2000}
              autosize
              minRows={2}
              value={state.noteVi}
              onChange={(e) => dispatch({ type: 'note', noteVi: e.currentTarget.value })}
            />
            <Textarea
              label={pick(text.noteEn)}
              maxLength={2000}
              autosize
              minRows={2}
              value={state.noteEn}
              onChange={(e) => dispatch({ type: 'note', noteEn: e.currentTarget.value })}
            />
          </SimpleGrid>
          {unchanged ? (
            <Alert color="blue" variant="light" role="status">
              {pick(text.unchanged)}
            </Alert>
          ) : null}
          {save.isError ? <ProblemAlert error={save.error} title={pick(text.saveFailed)} /> : null}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {pick(text.save)}
            </Button>
            <Button
              variant="default"
              disabled={!isDirty(state, from) || save.isPending}
              onClick={() => {
                dispatch({ type: 'reset', state: from });
                setUnchanged(false);
                save.reset();
              }}
            >
              {pick(text.discard)}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
