import { Card, Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from '../../shell/links.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { text } from './messages.ts';

/** The console home's card for the index hub (every official: the hub shows what their roles allow). */
export function DtiHubCard() {
  const { pick } = useLanguage();
  return (
    <Card component="li" withBorder padding="lg" radius="md">
      <Stack gap="xs" h="100%">
        <Title order={2} size="h4">
          {pick(text.title)}
        </Title>
        <Text size="sm">{pick(text.cardBody)}</Text>
        <div style={{ marginTop: 'auto' }}>
          <AnchorLink to="/console/chi-so-cds" fw={600}>
            {pick(text.open)}: {pick(text.title)}
          </AnchorLink>
        </div>
      </Stack>
    </Card>
  );
}
