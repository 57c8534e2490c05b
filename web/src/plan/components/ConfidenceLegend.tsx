import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { confidences } from '../types.ts';

/** What each confidence badge means: a placeholder is never presented as the plan's own value. */
export function ConfidenceLegend() {
  const { t } = useTranslation('plan');
  return (
    <details>
      <summary>{t('confidenceLegend.title')}</summary>
      <List size="sm" mt="xs" spacing={4}>
        {confidences.map((confidence) => (
          <List.Item key={confidence}>
            <Text span fw={600} size="sm">
              {t(`confidenceName.${confidence}`)}
            </Text>
            : {t(`confidenceHint.${confidence}`)}
          </List.Item>
        ))}
      </List>
    </details>
  );
}
