import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import { uploadFile } from '../upload.ts';

/** Attaches one evidence file (PDF, images, office documents, CSV, text) to a value or a task report. */
export function EvidenceUpload({
  path,
  label,
  onUploaded,
}: {
  path: string;
  /** What the file is evidence for, e.g. "minh chứng cho G05". */
  label: string;
  onUploaded: () => Promise<unknown> | unknown;
}) {
  const { t } = useTranslation('plan');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadFile<unknown>(path, chosen),
    onSuccess: async () => {
      setFile(null);
      if (input.current) input.current.value = '';
      await onUploaded();
    },
  });
  return (
    <Stack gap={4}>
      <Text component="label" htmlFor={id} size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs">
        <input
          id={id}
          ref={input}
          type="file"
          accept=".pdf,.png,.jpg,.jpeg,.xlsx,.docx,.csv,.txt"
          onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
        />
        <Button
          size="xs"
          variant="outline"
          disabled={!file}
          loading={upload.isPending}
          onClick={() => file && upload.mutate(file)}
        >
          {t('evidence.upload')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('evidence.hint')}
      </Text>
      {upload.isError ? <ProblemAlert error={upload.error} /> : null}
    </Stack>
  );
}
