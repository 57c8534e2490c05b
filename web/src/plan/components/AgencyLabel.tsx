import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { AnchorLink } from '../../shell/links.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import type { AgencyRef } from '../types.ts';

/**
 * An agency as the plan gave it its duties. A unit that no longer exists (a district, a merged
 * department) says so and shows where its duties went: "Quận Ba Đình (đến 01/07/2025) → Phường Ba Đình, …".
 */
export function AgencyLabel({ agency, link = true }: { agency: AgencyRef; link?: boolean }) {
  const { t } = useTranslation('plan');
  const { language, unitName } = useLanguage();
  const name = link ? (
    <AnchorLink to="/ke-hoach/co-quan/$agencyId" params={{ agencyId: agency.id }}>
      {unitName(agency)}
    </AnchorLink>
  ) : (
    unitName(agency)
  );
  if (agency.current) return <span>{name}</span>;
  return (
    <span>
      {name}{' '}
      <Text span size="sm" c="dimmed">
        {agency.validTo
          ? t('agency.endedOn', { date: formatDate(agency.validTo, language) })
          : t('agency.notCurrent')}
      </Text>
      {agency.successors.length > 0 ? (
        <Text span size="sm" data-testid="successors">
          {' → '}
          {agency.successors.map((successor, index) => (
            <span key={successor.id}>
              {index > 0 ? ', ' : ''}
              <AnchorLink to="/ke-hoach/co-quan/$agencyId" params={{ agencyId: successor.id }}>
                {unitName(successor)}
              </AnchorLink>
            </span>
          ))}
        </Text>
      ) : (
        <Text span size="sm" c="dimmed">
          {' '}
          {t('agency.noSuccessor')}
        </Text>
      )}
    </span>
  );
}
