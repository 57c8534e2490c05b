import { Alert, List } from '@mantine/core';
import { useLanguage } from '../../shell/use-language.ts';
import type { NodeError } from './tree.ts';

/** The server's problems with one node, next to it, in the reader's language. */
export function NodeProblems({ title, errors }: { title: string; errors: NodeError[] | undefined }) {
  const { pick } = useLanguage();
  if (!errors?.length) return null;
  return (
    <Alert color="red" variant="light" title={title} mb="xs" data-problems="">
      <List size="sm">
        {errors.map((error) => (
          <List.Item key={`${error.field}:${error.en}`}>{pick(error)}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
