import { Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../agencies/queries.ts';
import { DtiHubCard } from '../dti/hub/HubCard.tsx';
import { hanoiToday } from '../lib/format.ts';
import { CITY_UNIT_ID, holdsRole } from '../lib/session.ts';
import type { OfficialPrincipal } from '../lib/types.ts';
import { RequireOfficial } from '../shell/AccessGate.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { useLanguage } from '../shell/use-language.ts';
import { usePageTitle } from '../shell/use-page-title.ts';

function ConsoleCard({ title, body, children }: { title: string; body: string; children: ReactNode }) {
  return (
    <Card component="li" withBorder padding="lg" radius="md">
      <Stack gap="xs" h="100%">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm">{body}</Text>
        <div style={{ marginTop: 'auto' }}>{children}</div>
      </Stack>
    </Card>
  );
}

/** A city administrator may manage any unit's officials: pick it from the units valid today. */
function UnitPicker() {
  const { t } = useTranslation('console');
  const { unitName } = useLanguage();
  const navigate = useNavigate();
  const units = useUnits({ at: hanoiToday() });
  const [unitId, setUnitId] = useState(CITY_UNIT_ID);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void navigate({ to: '/console/co-quan/$unitId/can-bo', params: { unitId } });
      }}
    >
      <Group align="flex-end" gap="xs">
        <NativeSelect
          label={t('home.chooseUnit')}
          value={unitId}
          onChange={(event) => setUnitId(event.currentTarget.value)}
          data={(units.data?.units ?? []).map((unit) => ({ value: unit.id, label: unitName(unit) }))}
          style={{ flex: 1 }}
        />
        <Button type="submit">{t('home.openOfficials')}</Button>
      </Group>
    </form>
  );
}

function ConsoleCards({ principal }: { principal: OfficialPrincipal }) {
  const { t } = useTranslation('console');
  const { language } = useLanguage();
  const isCityAdmin = holdsRole(principal, ['city_admin']);
  const adminOf = principal.memberships.filter((membership) => membership.role === 'agency_admin');
  return (
    <Stack gap="lg">
      <section aria-labelledby="roles-heading">
        <Title order={2} size="h3" id="roles-heading" mb="xs">
          {t('home.yourRoles')}
        </Title>
        <Group gap="xs">
          {principal.memberships.map((membership) => (
            <Badge key={`${membership.unitId}:${membership.role}`} variant="light" size="lg" tt="none">
              {language === 'en'
                ? `${membership.roleEn} — ${membership.unitNameEn}`
                : `${membership.roleVi} — ${membership.unitNameVi}`}
            </Badge>
          ))}
        </Group>
      </section>
      <SimpleGrid
        cols={{ base: 1, md: 2 }}
        spacing="md"
        component="ul"
        style={{ listStyle: 'none', padding: 0 }}
      >
        {holdsRole(principal, ['auditor', 'city_admin']) ? (
          <ConsoleCard title={t('home.audit')} body={t('home.auditBody')}>
            <AnchorLink to="/console/nhat-ky" fw={600}>
              {t('home.open')}: {t('home.audit')}
            </AnchorLink>
          </ConsoleCard>
        ) : null}
        {isCityAdmin ? (
          <ConsoleCard title={t('home.clients')} body={t('home.clientsBody')}>
            <AnchorLink to="/console/ung-dung" fw={600}>
              {t('home.open')}: {t('home.clients')}
            </AnchorLink>
          </ConsoleCard>
        ) : null}
        {isCityAdmin ? (
          <ConsoleCard title={t('home.outbox')} body={t('home.outboxBody')}>
            <AnchorLink to="/console/hop-thu-di" fw={600}>
              {t('home.open')}: {t('home.outbox')}
            </AnchorLink>
          </ConsoleCard>
        ) : null}
        {isCityAdmin || adminOf.length > 0 ? (
          <ConsoleCard title={t('home.officials')} body={t('home.officialsBody')}>
            <Stack gap="xs">
              {adminOf.map((membership) => (
                <AnchorLink
                  key={membership.unitId}
                  to="/console/co-quan/$unitId/can-bo"
                  params={{ unitId: membership.unitId }}
                  fw={600}
                >
                  {t('home.officialsOf', {
                    unit: language === 'en' ? membership.unitNameEn : membership.unitNameVi,
                  })}
                </AnchorLink>
              ))}
              {isCityAdmin ? <UnitPicker /> : null}
            </Stack>
          </ConsoleCard>
        ) : null}
        {holdsRole(principal, ['agency_reporter', 'agency_reviewer', 'plan_owner']) ? (
          <ConsoleCard title={t('home.planReports')} body={t('home.planReportsBody')}>
            <AnchorLink to="/console/bao-cao" fw={600}>
              {t('home.open')}: {t('home.planReports')}
            </AnchorLink>
          </ConsoleCard>
        ) : null}
        {holdsRole(principal, ['plan_owner']) ? (
          <ConsoleCard title={t('home.planCycles')} body={t('home.planCyclesBody')}>
            <AnchorLink to="/ke-hoach/ky-bao-cao" fw={600}>
              {t('home.open')}: {t('home.planCycles')}
            </AnchorLink>
          </ConsoleCard>
        ) : null}
        {holdsRole(principal, ['data_steward', 'city_admin']) ? (
          <ConsoleCard title={t('home.openData')} body={t('home.openDataBody')}>
            <AnchorLink to="/console/du-lieu" fw={600}>
              {t('home.open')}: {t('home.openData')}
            </AnchorLink>
          </ConsoleCard>
        ) : null}
        {holdsRole(principal, ['city_admin', 'agency_admin']) ? (
          <ConsoleCard title={t('home.procedures')} body={t('home.proceduresBody')}>
            <AnchorLink to="/console/thu-tuc" fw={600}>
              {t('home.open')}: {t('home.procedures')}
            </AnchorLink>
          </ConsoleCard>
        ) : null}
        <DtiHubCard />
        <ConsoleCard title={t('home.planMonitor')} body={t('home.planMonitorBody')}>
          <AnchorLink to="/ke-hoach/tong-quan" search={{}} fw={600}>
            {t('home.open')}: {t('home.planMonitor')}
          </AnchorLink>
        </ConsoleCard>
        <ConsoleCard title={t('home.agencies')} body={t('home.agenciesBody')}>
          <AnchorLink to="/co-quan" fw={600}>
            {t('home.open')}: {t('home.agencies')}
          </AnchorLink>
        </ConsoleCard>
      </SimpleGrid>
    </Stack>
  );
}

/** The officials' console: one card per function their roles allow. */
export function ConsoleHome() {
  const { t } = useTranslation('console');
  usePageTitle(t('home.title'));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{t('home.heading')}</Title>
        <Text>{t('home.lead')}</Text>
      </Stack>
      <RequireOfficial>{(principal) => <ConsoleCards principal={principal} />}</RequireOfficial>
    </Stack>
  );
}
