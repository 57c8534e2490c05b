import { TextInput, type TextInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useLanguage } from '../../shell/use-language.ts';
import { text } from './messages.ts';
import { parseList } from './tree.ts';

type Base = Omit<TextInputProps, 'value' | 'onChange'>;

function parseNumber(raw: string): number {
  const trimmed = raw.trim().replace(',', '.');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

const sameNumber = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * A number typed as text, so "0," or "" can be on the way to a number: the tree gets NaN until
 * the text is one (the server then names the field), and the text follows outside changes.
 */
export function NumberField({
  value,
  onChange,
  ...props
}: Base & { value: number; onChange: (n: number) => void }) {
  const { pick } = useLanguage();
  const [raw, setRaw] = useState(() => String(value));
  useEffect(() => {
    setRaw((current) => (sameNumber(parseNumber(current), value) ? current : String(value)));
  }, [value]);
  const invalid = Number.isNaN(parseNumber(raw));
  return (
    <TextInput
      {...props}
      inputMode="decimal"
      value={raw}
      error={invalid ? pick(text.notANumber) : props.error}
      onChange={(event) => {
        setRaw(event.currentTarget.value);
        onChange(parseNumber(event.currentTarget.value));
      }}
    />
  );
}

/** A comma-separated list (formula inputs, unit kinds, tags), kept as typed while it is edited. */
export function ListField({
  value,
  onChange,
  ...props
}: Base & { value: string[]; onChange: (list: string[]) => void }) {
  const { pick } = useLanguage();
  const [raw, setRaw] = useState(() => value.join(', '));
  useEffect(() => {
    setRaw((current) => (parseList(current).join('\n') === value.join('\n') ? current : value.join(', ')));
  }, [value]);
  return (
    <TextInput
      description={pick(text.listHint)}
      {...props}
      value={raw}
      onChange={(event) => {
        setRaw(event.currentTarget.value);
        onChange(parseList(event.currentTarget.value));
      }}
    />
  );
}
