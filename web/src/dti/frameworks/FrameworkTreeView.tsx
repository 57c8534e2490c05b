import {
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { type ReactNode, useId, useState } from 'react';
import { fill, formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { Group as FrameworkGroup, FrameworkTree, MainIndex } from '../api.ts';
import { NumberField } from './fields.tsx';
import { text } from './messages.ts';
import { NodeProblems } from './NodeProblems.tsx';
import { SubIndexNode } from './SubIndexNode.tsx';
import { type EditorAction, hasErrorsWithin, type NodeErrors, nodeKey } from './tree.ts';

type Dispatch = (action: EditorAction) => void;

/**
 * A heading whose button shows or hides what is below it (the disclosure pattern). Closed
 * content is not rendered, so a 98-sub-index framework stays light; a node with problems opens.
 */
function Disclosure({
  order,
  title,
  defaultOpen,
  forceOpen,
  children,
}: {
  order: 3 | 4;
  title: string;
  defaultOpen: boolean;
  forceOpen: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  const shown = open || forceOpen;
  return (
    <>
      <Title order={order}>
        <UnstyledButton
          className="dti-disclosure"
          aria-expanded={shown}
          aria-controls={id}
          onClick={() => setOpen(!shown)}
        >
          <span aria-hidden="true">{shown ? '▾' : '▸'} </span>
          {title}
        </UnstyledButton>
      </Title>
      <div id={id} hidden={!shown}>
        {shown ? children : null}
      </div>
    </>
  );
}

function MainIndexNode({
  main,
  g,
  m,
  errors,
  dispatch,
}: {
  main: MainIndex;
  g: number;
  m: number;
  errors: NodeErrors;
  dispatch?: Dispatch;
}) {
  const { pick, language } = useLanguage();
  const key = nodeKey({ g, m });
  const points = main.subIndices.reduce(
    (sum, s) => sum + (Number.isFinite(s.maxPoints) ? s.maxPoints : 0),
    0,
  );
  return (
    <Paper withBorder p="sm" data-node={key} data-code={main.code} component="section">
      <Disclosure
        order={4}
        title={`${main.code}. ${pick({ vi: main.nameVi, en: main.nameEn })} — ${main.subIndices.length} ${pick(text.subIndices).toLowerCase()}, ${formatNumber(points, language)} ${pick(text.stepPoints).toLowerCase()}`}
        defaultOpen={false}
        forceOpen={hasErrorsWithin(errors, key)}
      >
        <Stack gap="xs" mt="xs">
          <NodeProblems title={fill(pick(text.nodeErrors), { code: main.code })} errors={errors[key]} />
          {dispatch ? (
            <Group align="flex-end" gap="sm">
              <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm" style={{ flex: 1 }}>
                <TextInput
                  label={pick(text.code)}
                  maxLength={40}
                  value={main.code}
                  onChange={(e) => dispatch({ type: 'main', g, m, patch: { code: e.currentTarget.value } })}
                />
                <TextInput
                  label={pick(text.nameVi)}
                  maxLength={300}
                  value={main.nameVi}
                  onChange={(e) => dispatch({ type: 'main', g, m, patch: { nameVi: e.currentTarget.value } })}
                />
                <TextInput
                  label={pick(text.nameEn)}
                  maxLength={300}
                  value={main.nameEn}
                  onChange={(e) => dispatch({ type: 'main', g, m, patch: { nameEn: e.currentTarget.value } })}
                />
              </SimpleGrid>
              <Button
                variant="subtle"
                color="red"
                size="xs"
                onClick={() => dispatch({ type: 'remove', at: { g, m } })}
              >
                {fill(pick(text.remove), { code: main.code })}
              </Button>
            </Group>
          ) : null}
          {main.subIndices.map((sub, s) => (
            <SubIndexNode
              // biome-ignore lint/suspicious/noArrayIndexKey: codes are being edited; the place is the identity
              key={s}
              sub={sub}
              nodeKey={nodeKey({ g, m, s })}
              errors={errors[nodeKey({ g, m, s })]}
              onChange={dispatch ? (patch) => dispatch({ type: 'sub', g, m, s, patch }) : undefined}
              onRemove={dispatch ? () => dispatch({ type: 'remove', at: { g, m, s } }) : undefined}
            />
          ))}
          {dispatch ? (
            <Group>
              <Button variant="default" size="xs" onClick={() => dispatch({ type: 'add', at: { g, m } })}>
                {fill(pick(text.addSub), { code: main.code })}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Disclosure>
    </Paper>
  );
}

function GroupNode({
  group,
  g,
  errors,
  dispatch,
}: {
  group: FrameworkGroup;
  g: number;
  errors: NodeErrors;
  dispatch?: Dispatch;
}) {
  const { pick, language } = useLanguage();
  const key = nodeKey({ g });
  return (
    <Paper withBorder p="md" data-node={key} data-code={group.code} component="section">
      <Disclosure
        order={3}
        title={`${group.code}. ${pick({ vi: group.nameVi, en: group.nameEn })} — ${pick(text.weight).toLowerCase()} ${formatNumber(group.weight, language)}`}
        defaultOpen
        forceOpen={hasErrorsWithin(errors, key)}
      >
        <Stack gap="sm" mt="xs">
          <NodeProblems title={fill(pick(text.nodeErrors), { code: group.code })} errors={errors[key]} />
          {dispatch ? (
            <Group align="flex-end" gap="sm">
              <SimpleGrid cols={{ base: 1, md: 4 }} spacing="sm" style={{ flex: 1 }}>
                <TextInput
                  label={pick(text.code)}
                  maxLength={40}
                  value={group.code}
                  onChange={(e) => dispatch({ type: 'group', g, patch: { code: e.currentTarget.value } })}
                />
                <TextInput
                  label={pick(text.nameVi)}
                  maxLength={300}
                  value={group.nameVi}
                  onChange={(e) => dispatch({ type: 'group', g, patch: { nameVi: e.currentTarget.value } })}
                />
                <TextInput
                  label={pick(text.nameEn)}
                  maxLength={300}
                  value={group.nameEn}
                  onChange={(e) => dispatch({ type: 'group', g, patch: { nameEn: e.currentTarget.value } })}
                />
                <NumberField
                  label={pick(text.weight)}
                  value={group.weight}
                  onChange={(weight) => dispatch({ type: 'group', g, patch: { weight } })}
                />
              </SimpleGrid>
              <Button
                variant="subtle"
                color="red"
                size="xs"
                onClick={() => dispatch({ type: 'remove', at: { g } })}
              >
                {fill(pick(text.remove), { code: group.code })}
              </Button>
            </Group>
          ) : null}
          {group.indices.map((main, m) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: codes are being edited; the place is the identity
            <MainIndexNode key={m} main={main} g={g} m={m} errors={errors} dispatch={dispatch} />
          ))}
          {dispatch ? (
            <Group>
              <Button variant="default" size="xs" onClick={() => dispatch({ type: 'add', at: { g } })}>
                {fill(pick(text.addMain), { code: group.code })}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Disclosure>
    </Paper>
  );
}

/** The tree: groups → main indices → sub-indices; editable when `dispatch` is given. */
export function FrameworkTreeView({
  tree,
  errors,
  dispatch,
}: {
  tree: FrameworkTree;
  errors: NodeErrors;
  dispatch?: Dispatch;
}) {
  const { pick } = useLanguage();
  return (
    <Stack gap="sm" component="section" aria-labelledby="dti-tree-heading">
      <Title order={2} id="dti-tree-heading">
        {pick(text.tree)}
      </Title>
      <NodeProblems title={pick(text.treeErrors)} errors={errors.root} />
      {tree.groups.length === 0 ? <Text>{pick(text.none)}</Text> : null}
      {tree.groups.map((group, g) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: codes are being edited; the place is the identity
        <GroupNode key={g} group={group} g={g} errors={errors} dispatch={dispatch} />
      ))}
      {dispatch ? (
        <Group>
          <Button variant="default" onClick={() => dispatch({ type: 'add', at: {} })}>
            {pick(text.addGroup)}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
