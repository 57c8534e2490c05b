import { Group, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import { formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { Rule } from '../api.ts';
import { parseNumber, reachedStep, type ValueDraft } from './logic.ts';
import { fill, text } from './messages.ts';

/** The answer to one item, by rule kind: yes/no, a ratio (share or fraction), or a number against thresholds. */
export function ValueInput({
  code,
  rule,
  draft,
  error,
  onChange,
}: {
  code: string;
  rule: Rule;
  draft: ValueDraft;
  error: string | null;
  onChange: (draft: ValueDraft) => void;
}) {
  const { pick, language } = useLanguage();
  if (rule.kind === 'boolean')
    return (
      <Radio.Group
        label={`${pick(text.answer)} ${code}`}
        value={draft.text}
        onChange={(value) => onChange({ ...draft, text: value })}
      >
        <Group gap="lg" mt={4}>
          <Radio value="yes" label={pick(text.yes)} />
          <Radio value="no" label={pick(text.no)} />
        </Group>
      </Radio.Group>
    );
  if (rule.kind === 'ratio')
    return (
      <Stack gap="xs">
        <Radio.Group
          label={`${pick(text.howRatio)} ${code}`}
          value={draft.mode}
          onChange={(value) => onChange({ ...draft, mode: value === 'fraction' ? 'fraction' : 'share' })}
        >
          <Group gap="lg" mt={4}>
            <Radio value="share" label={pick(text.shareMode)} />
            <Radio value="fraction" label={pick(text.fractionMode)} />
          </Group>
        </Radio.Group>
        {draft.mode === 'share' ? (
          <TextInput
            label={`${pick(text.share)} ${code}`}
            inputMode="decimal"
            value={draft.text}
            error={error}
            maw={220}
            onChange={(event) => onChange({ ...draft, text: event.currentTarget.value })}
          />
        ) : (
          <Group align="flex-start" gap="sm">
            <TextInput
              label={`${pick(text.numerator)} ${code}`}
              inputMode="decimal"
              value={draft.numerator}
              error={error}
              maw={180}
              onChange={(event) => onChange({ ...draft, numerator: event.currentTarget.value })}
            />
            <TextInput
              label={`${pick(text.denominator)} ${code}`}
              inputMode="decimal"
              value={draft.denominator}
              maw={180}
              onChange={(event) => onChange({ ...draft, denominator: event.currentTarget.value })}
            />
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {fill(pick(text.target), { target: formatNumber((rule.target ?? 1) * 100, language) })}
        </Text>
      </Stack>
    );
  if (rule.kind === 'thresholds') {
    const value = parseNumber(draft.text);
    return (
      <Stack gap="xs">
        <TextInput
          label={`${pick(text.value)} ${code}`}
          inputMode="decimal"
          value={draft.text}
          error={error}
          maw={220}
          onChange={(event) => onChange({ ...draft, text: event.currentTarget.value })}
        />
        <StepsTable rule={rule} value={value ?? null} />
      </Stack>
    );
  }
  return null;
}

/** The thresholds of an item, with the step the value reaches marked in words. */
export function StepsTable({
  rule,
  value,
}: {
  rule: Extract<Rule, { kind: 'thresholds' }>;
  value: number | null;
}) {
  const { pick, language } = useLanguage();
  const reached = reachedStep(rule, value);
  return (
    <Table withTableBorder maw={360} fz="sm">
      <Table.Caption>{pick(text.steps)}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{pick(text.stepFrom)}</Table.Th>
          <Table.Th scope="col">{pick(text.stepPoints)}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rule.steps.map((step, i) => (
          <Table.Tr key={`${step.min}-${step.points}`} fw={i === reached ? 700 : undefined}>
            <Table.Td>≥ {formatNumber(step.min, language)}</Table.Td>
            <Table.Td>
              {formatNumber(step.points, language)}
              {i === reached ? ` (${pick(text.reached)})` : ''}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
