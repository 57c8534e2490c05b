import { Button, Group, NativeSelect, Stack, Table, Text, Textarea } from '@mantine/core';
import { fill, formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { Rule } from '../api.ts';
import { ListField, NumberField } from './fields.tsx';
import { ruleNames, text } from './messages.ts';
import { addStep, removeStep, ruleOfKind, setStep } from './tree.ts';

const kinds = Object.keys(ruleNames) as Rule['kind'][];

/** A rule in words, with its target, steps or formula (read-only view). */
export function RuleSummary({ rule }: { rule: Rule }) {
  const { pick, language } = useLanguage();
  const number = (n: number) => formatNumber(n, language);
  return (
    <Stack gap={4}>
      <Text size="sm">{pick(ruleNames[rule.kind])}</Text>
      {rule.kind === 'ratio' ? (
        <Text size="sm">
          {pick(text.target)}: {number(rule.target ?? 1)}
        </Text>
      ) : null}
      {rule.kind === 'thresholds' ? (
        <Table withTableBorder maw={320}>
          <Table.Caption>{pick(text.steps)}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{pick(text.stepMin)}</Table.Th>
              <Table.Th scope="col">{pick(text.stepPoints)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rule.steps.map((step) => (
              <Table.Tr key={`${step.min}:${step.points}`}>
                <Table.Td>{number(step.min)}</Table.Td>
                <Table.Td>{number(step.points)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {rule.kind === 'formula' ? (
        <>
          <Text size="sm">
            <code>{rule.expression}</code>
          </Text>
          <Text size="sm">
            {pick(text.inputs)}:{' '}
            {rule.inputs.map((name) => (
              <code key={name}>{name} </code>
            ))}
          </Text>
        </>
      ) : null}
    </Stack>
  );
}

/** The rule editor: its kind, then what that kind needs (target, steps, formula and inputs). */
export function RuleFields({
  rule,
  maxPoints,
  onChange,
}: {
  rule: Rule;
  maxPoints: number;
  onChange: (rule: Rule) => void;
}) {
  const { pick } = useLanguage();
  return (
    <Stack gap="xs">
      <NativeSelect
        label={pick(text.rule)}
        value={rule.kind}
        onChange={(event) => onChange(ruleOfKind(event.currentTarget.value as Rule['kind'], rule, maxPoints))}
        data={kinds.map((kind) => ({ value: kind, label: pick(ruleNames[kind]) }))}
      />
      {rule.kind === 'ratio' ? (
        <NumberField
          label={pick(text.target)}
          value={rule.target ?? 1}
          onChange={(target) => onChange({ ...rule, target })}
          maw={200}
        />
      ) : null}
      {rule.kind === 'thresholds' ? (
        <fieldset className="dti-fieldset">
          <legend>{pick(text.steps)}</legend>
          <Stack gap="xs">
            {rule.steps.map((step, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity but their place
              <Group key={index} gap="sm" align="flex-end">
                <NumberField
                  label={fill(pick(text.stepMinN), { n: index + 1 })}
                  value={step.min}
                  onChange={(min) => onChange(setStep(rule, index, { min }))}
                  maw={160}
                />
                <NumberField
                  label={fill(pick(text.stepPointsN), { n: index + 1 })}
                  value={step.points}
                  onChange={(points) => onChange(setStep(rule, index, { points }))}
                  maw={160}
                />
                <Button variant="default" size="xs" onClick={() => onChange(removeStep(rule, index))}>
                  {fill(pick(text.removeStepN), { n: index + 1 })}
                </Button>
              </Group>
            ))}
            <Group>
              <Button variant="default" size="xs" onClick={() => onChange(addStep(rule, maxPoints))}>
                {pick(text.addStep)}
              </Button>
            </Group>
          </Stack>
        </fieldset>
      ) : null}
      {rule.kind === 'formula' ? (
        <>
          <Textarea
            label={pick(text.expression)}
            description={pick(text.expressionHint)}
            autosize
            minRows={2}
            maxLength={500}
            value={rule.expression}
            onChange={(event) => onChange({ ...rule, expression: event.currentTarget.value })}
          />
          <ListField
            label={pick(text.inputs)}
            value={rule.inputs}
            onChange={(inputs) => onChange({ ...rule, inputs })}
          />
        </>
      ) : null}
    </Stack>
  );
}
