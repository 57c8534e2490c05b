import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { fill, formatNumber } from '../../lib/format.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { EvidenceField, SubIndex } from '../api.ts';
import { ListField, NumberField } from './fields.tsx';
import { evidenceFieldNames, sourceNames, text } from './messages.ts';
import { NodeProblems } from './NodeProblems.tsx';
import { RuleFields, RuleSummary } from './RuleFields.tsx';
import { appliesToFrom, type NodeError } from './tree.ts';

const sources = Object.keys(sourceNames) as SubIndex['source'][];
const evidenceFields = Object.keys(evidenceFieldNames) as EvidenceField[];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>
        <Text size="sm" fw={600} component="span">
          {label}
        </Text>
      </dt>
      <dd className="dti-fact">{children}</dd>
    </div>
  );
}

/** A sub-index as the public sees it: points, rule, source, applies-to, evidence. */
function SubIndexFacts({ sub }: { sub: SubIndex }) {
  const { pick, language } = useLanguage();
  const applies = [...(sub.appliesTo?.unitKinds ?? []), ...(sub.appliesTo?.tags ?? [])];
  return (
    <dl className="dti-facts">
      <Fact label={pick(text.maxPoints)}>{formatNumber(sub.maxPoints, language)}</Fact>
      <Fact label={pick(text.rule)}>
        <RuleSummary rule={sub.rule} />
      </Fact>
      <Fact label={pick(text.source)}>
        {pick(sourceNames[sub.source])}
        {sub.indicatorCode ? (
          <>
            {' — '}
            <code>{sub.indicatorCode}</code>
          </>
        ) : null}
      </Fact>
      <Fact label={pick(text.appliesTo)}>
        {applies.length > 0 ? applies.join(', ') : pick(text.allUnits)}
      </Fact>
      <Fact label={pick(text.evidence)}>
        {sub.evidence.required ? pick(text.evidenceRequired) : pick(text.evidenceOptional)}
        {sub.evidence.fields.length > 0
          ? `: ${sub.evidence.fields.map((field) => pick(evidenceFieldNames[field])).join(', ')}`
          : ''}
      </Fact>
    </dl>
  );
}

/** Every field of a sub-index, for the council. */
function SubIndexForm({ sub, onChange }: { sub: SubIndex; onChange: (patch: Partial<SubIndex>) => void }) {
  const { pick } = useLanguage();
  const unitKinds = sub.appliesTo?.unitKinds ?? [];
  const tags = sub.appliesTo?.tags ?? [];
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, md: 4 }} spacing="sm">
        <TextInput
          label={pick(text.code)}
          maxLength={40}
          value={sub.code}
          onChange={(e) => onChange({ code: e.currentTarget.value })}
        />
        <TextInput
          label={pick(text.nameVi)}
          maxLength={300}
          value={sub.nameVi}
          onChange={(e) => onChange({ nameVi: e.currentTarget.value })}
        />
        <TextInput
          label={pick(text.nameEn)}
          maxLength={300}
          value={sub.nameEn}
          onChange={(e) => onChange({ nameEn: e.currentTarget.value })}
        />
        <NumberField
          label={pick(text.maxPoints)}
          value={sub.maxPoints}
          onChange={(maxPoints) => onChange({ maxPoints })}
        />
      </SimpleGrid>
      <RuleFields rule={sub.rule} maxPoints={sub.maxPoints} onChange={(rule) => onChange({ rule })} />
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
        <NativeSelect
          label={pick(text.source)}
          value={sub.source}
          onChange={(e) => onChange({ source: e.currentTarget.value as SubIndex['source'] })}
          data={sources.map((source) => ({ value: source, label: pick(sourceNames[source]) }))}
        />
        {sub.source === 'measured' ? (
          <TextInput
            label={pick(text.indicatorCode)}
            maxLength={80}
            value={sub.indicatorCode ?? ''}
            onChange={(e) => onChange({ indicatorCode: e.currentTarget.value || undefined })}
          />
        ) : null}
        <ListField
          label={`${pick(text.appliesTo)}: ${pick(text.unitKinds)}`}
          value={unitKinds}
          onChange={(list) => onChange({ appliesTo: appliesToFrom(list, tags) })}
        />
        <ListField
          label={`${pick(text.appliesTo)}: ${pick(text.tags)}`}
          value={tags}
          onChange={(list) => onChange({ appliesTo: appliesToFrom(unitKinds, list) })}
        />
      </SimpleGrid>
      <Checkbox
        label={pick(text.evidenceRequired)}
        checked={sub.evidence.required}
        onChange={(e) => onChange({ evidence: { ...sub.evidence, required: e.currentTarget.checked } })}
      />
      <Checkbox.Group
        label={pick(text.evidenceFields)}
        value={sub.evidence.fields}
        onChange={(fields) =>
          onChange({
            evidence: {
              ...sub.evidence,
              // Keep the canonical order whatever order they were ticked in.
              fields: evidenceFields.filter((field) => fields.includes(field)),
            },
          })
        }
      >
        <Group gap="md" mt={4}>
          {evidenceFields.map((field) => (
            <Checkbox key={field} value={field} label={pick(evidenceFieldNames[field])} />
          ))}
        </Group>
      </Checkbox.Group>
    </Stack>
  );
}

/** One sub-index: facts for readers, the form for the council, and the server's problems with it. */
export function SubIndexNode({
  sub,
  nodeKey,
  errors,
  onChange,
  onRemove,
}: {
  sub: SubIndex;
  nodeKey: string;
  errors: NodeError[] | undefined;
  /** Absent when the reader may not edit. */
  onChange?: (patch: Partial<SubIndex>) => void;
  onRemove?: () => void;
}) {
  const { pick } = useLanguage();
  return (
    <Paper withBorder p="sm" data-node={nodeKey} data-code={sub.code} component="article">
      <Group justify="space-between" align="flex-start" mb="xs">
        <Title order={5}>
          {sub.code} — {pick({ vi: sub.nameVi, en: sub.nameEn })}
        </Title>
        {onRemove ? (
          <Button variant="subtle" color="red" size="xs" onClick={onRemove}>
            {fill(pick(text.remove), { code: sub.code })}
          </Button>
        ) : null}
      </Group>
      <NodeProblems title={fill(pick(text.nodeErrors), { code: sub.code })} errors={errors} />
      {onChange ? <SubIndexForm sub={sub} onChange={onChange} /> : <SubIndexFacts sub={sub} />}
    </Paper>
  );
}
