import { Alert, Button, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api.ts';
import { useLanguage } from './use-language.ts';

/** Shows an API error (problem+json) in the current language, with the field errors and request id. */
export function ProblemAlert({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const problem = error instanceof ApiError ? error.problem : null;
  const heading = title ?? problem?.[language].title ?? t('error.title');
  const detail = problem
    ? problem[language].detail
    : error instanceof ApiError
      ? t('error.unexpected', { status: error.status })
      : t('error.network');
  return (
    <Alert color="red" variant="light" title={heading} role="alert">
      <Text size="sm">{detail}</Text>
      {problem?.errors?.length ? (
        <List size="sm" mt="xs">
          {problem.errors.map((field) => (
            <List.Item key={`${field.path}:${field.en}`}>
              <code>{field.path}</code>: {field[language]}
            </List.Item>
          ))}
        </List>
      ) : null}
      {problem?.requestId ? (
        <Text size="xs" mt="xs" c="dimmed">
          {t('error.requestId', { id: problem.requestId })}
        </Text>
      ) : null}
      {onRetry ? (
        <Button size="xs" variant="outline" color="red" mt="sm" onClick={onRetry}>
          {t('retry')}
        </Button>
      ) : null}
    </Alert>
  );
}
