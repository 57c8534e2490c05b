import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as account from '../account/messages.ts';
import * as agencies from '../agencies/messages.ts';
import * as consoleArea from '../console/messages.ts';
import * as data from '../data/messages.ts';
import * as notifications from '../notifications/messages.ts';
import * as plan from '../plan/messages.ts';
import * as portal from '../portal/messages.ts';
import * as common from '../shell/messages.ts';
import { type Language, languages } from './messages.ts';

/** Every area keeps its own catalogue; this is where they are put together. Vietnamese first. */
export const resources = {
  vi: {
    common: common.vi,
    portal: portal.vi,
    account: account.vi,
    agencies: agencies.vi,
    console: consoleArea.vi,
    plan: plan.vi,
    notifications: notifications.vi,
    data: data.vi,
  },
  en: {
    common: common.en,
    portal: portal.en,
    account: account.en,
    agencies: agencies.en,
    console: consoleArea.en,
    plan: plan.en,
    notifications: notifications.en,
    data: data.en,
  },
} as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['vi'];
  }
}

const STORAGE_KEY = 'sc.lang';

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return (languages as readonly string[]).includes(value ?? '') ? (value as Language) : 'vi';
  } catch {
    return 'vi';
  }
}

export function currentLanguage(): Language {
  return i18next.resolvedLanguage === 'en' ? 'en' : 'vi';
}

/** Switches the language, remembers it for the next visit and tells assistive tech via `<html lang>`. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the switch still works for this visit.
  }
  await i18next.changeLanguage(language);
}

export function initI18n() {
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  void i18next.use(initReactI18next).init({
    resources,
    lng: storedLanguage(),
    fallbackLng: 'vi',
    supportedLngs: [...languages],
    defaultNS: 'common',
    ns: Object.keys(resources.vi),
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  document.documentElement.lang = currentLanguage();
  return i18next;
}
