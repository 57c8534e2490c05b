import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** `document.title` for the current page, in the current language. */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  const platform = t('platformShort');
  useEffect(() => {
    document.title = title ? `${title} — ${platform}` : platform;
  }, [title, platform]);
}
