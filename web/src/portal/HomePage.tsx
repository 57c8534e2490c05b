import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../shell/links.tsx';
import { usePageTitle } from '../shell/use-page-title.ts';

/** The platform's areas in the order of the plan; only what is built links anywhere. */
const areas = [
  { key: 'plan', built: true, to: '/ke-hoach' },
  { key: 'services', built: true, to: '/dich-vu-cong' },
  { key: 'openData', built: true, to: '/du-lieu' },
  { key: 'exchange', built: false },
  { key: 'index', built: false },
  { key: 'urban', built: false },
  { key: 'agencies', built: true, to: '/co-quan' },
] as const;

export function HomePage() {
  const { t } = useTranslation('portal');
  const { t: tc } = useTranslation();
  usePageTitle(t('home.title'));
  return (
    <Stack gap="lg">
      <Stack gap="sm" maw={820}>
        <Title order={1}>{t('home.heading')}</Title>
        <Text size="lg">{t('home.lead')}</Text>
        <Text>{t('home.principle')}</Text>
      </Stack>
      <section aria-labelledby="areas-heading">
        <Title order={2} id="areas-heading" mb="md">
          {t('home.areasHeading')}
        </Title>
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 3 }}
          spacing="md"
          component="ul"
          style={{ listStyle: 'none', padding: 0 }}
        >
          {areas.map((area) => {
            const name = t(`home.areas.${area.key}.name`);
            const status = area.built ? tc('available') : tc('comingSoon');
            return (
              <Card component="li" key={area.key} withBorder padding="lg" radius="md">
                <Stack gap="xs" h="100%">
                  <Title order={3} size="h4">
                    {name}
                  </Title>
                  <Group>
                    <Badge color={area.built ? 'teal' : 'gray'} variant="light">
                      {status}
                    </Badge>
                  </Group>
                  <Text size="sm">{t(`home.areas.${area.key}.description`)}</Text>
                  {'to' in area ? (
                    <AnchorLink to={area.to} fw={600} mt="auto">
                      {t('home.open', { name })}
                    </AnchorLink>
                  ) : (
                    <Text size="sm" c="dimmed" mt="auto">
                      {t('home.comingSoonNote')}
                    </Text>
                  )}
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      </section>
    </Stack>
  );
}
