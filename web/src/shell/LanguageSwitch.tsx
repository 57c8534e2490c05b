import { Group, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/i18n.ts';
import { type Language, languages } from '../i18n/messages.ts';
import { useLanguage } from './use-language.ts';

const shortNames: Record<Language, string> = { vi: 'VI', en: 'EN' };

/** VI / EN: each button names its language in that language, and says which one is on. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <Group gap={4} role="group" aria-label={`${t('language.label')} / Language`}>
      {languages.map((option) => (
        <UnstyledButton
          key={option}
          lang={option}
          className="nav-link"
          aria-pressed={option === language}
          aria-label={`${shortNames[option]} — ${t(`language.${option}`)}`}
          onClick={() => void setLanguage(option)}
          style={
            option === language
              ? { background: 'var(--mantine-color-white)', color: 'var(--mantine-color-blue-9)' }
              : undefined
          }
        >
          {shortNames[option]}
        </UnstyledButton>
      ))}
    </Group>
  );
}
