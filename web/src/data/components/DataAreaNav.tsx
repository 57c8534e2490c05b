import { Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { holdsRole, useSession } from '../../lib/session.ts';
import { AnchorLink } from '../../shell/links.tsx';

/** The city-data area's pages: open data, the database catalogue, the data standards, publishing. */
export function DataAreaNav() {
  const { t } = useTranslation('data');
  const session = useSession();
  const publisher = holdsRole(session.data?.principal, ['data_steward', 'city_admin']);
  return (
    <nav aria-label={t('nav.label')}>
      <Group gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        <li>
          <AnchorLink to="/du-lieu" search={{}} activeOptions={{ exact: true }} size="sm" fw={600}>
            {t('nav.portal')}
          </AnchorLink>
        </li>
        <li>
          <AnchorLink to="/du-lieu/danh-muc-csdl" search={{}} size="sm" fw={600}>
            {t('nav.catalogue')}
          </AnchorLink>
        </li>
        <li>
          <AnchorLink to="/du-lieu/chuan-du-lieu" search={{}} size="sm" fw={600}>
            {t('nav.standards')}
          </AnchorLink>
        </li>
        {publisher ? (
          <li>
            <AnchorLink to="/console/du-lieu" size="sm" fw={600}>
              {t('nav.publish')}
            </AnchorLink>
          </li>
        ) : null}
      </Group>
    </nav>
  );
}
