import type { Bilingual } from '../../../platform/errors.ts';

/**
 * Server-rendered pages of the sign-on: a tagged template that escapes every interpolated value
 * unless it is already markup built the same way.
 */
export class Markup {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Interpolated = string | number | Markup | null | undefined | false | Interpolated[];

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c] ?? c);

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

/** Markup produced by a trusted library (oidc-provider's logout form), inserted as is. */
export const trusted = (markup: string) => new Markup(markup);

export type Lang = 'vi' | 'en';
export const LANG_COOKIE = 'lang';

export const say = (lang: Lang, text: Bilingual) => text[lang];

/** ?lang= wins (and is remembered in the `lang` cookie); then the cookie; Vietnamese by default. */
export function chooseLang(query: unknown, cookies: Record<string, string | undefined> | undefined): Lang {
  const asked = (query as { lang?: unknown } | undefined)?.lang;
  if (asked === 'vi' || asked === 'en') return asked;
  return cookies?.[LANG_COOKIE] === 'en' ? 'en' : 'vi';
}

export const STYLESHEET_PATH = '/oidc/static/identity.css';

const chrome = {
  skip: { vi: 'Chuyển đến nội dung chính', en: 'Skip to main content' },
  city: { vi: 'Đăng nhập một lần — Thành phố Hà Nội', en: 'Single sign-on — City of Hanoi' },
  simulator: { vi: 'VNeID (mô phỏng)', en: 'VNeID (simulator)' },
  language: { vi: 'Ngôn ngữ', en: 'Language' },
  footer: {
    vi: 'Nền tảng chuyển đổi số và đô thị thông minh Hà Nội — Kế hoạch 239/KH-UBND',
    en: 'Hanoi digital-transformation and smart-city platform — Plan 239/KH-UBND',
  },
};

export const SIMULATOR_NOTICE =
  'Mô phỏng VNeID — không phải hệ thống thật / VNeID simulator — not the real system';

/** The page frame: lang attribute, skip link, header and main landmarks, a language switch. */
export function page(options: {
  lang: Lang;
  title: Bilingual;
  body: Markup;
  /** Where the same page lives in the other language. */
  switchHref: (lang: Lang) => string;
  simulator?: boolean;
}): string {
  const { lang, title } = options;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const brand = options.simulator ? chrome.simulator : chrome.city;
  return `<!doctype html>${html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${say(lang, title)} — ${say(lang, brand)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body class="${options.simulator ? 'simulator' : 'city'}">
<a class="skip" href="#main">${say(lang, chrome.skip)}</a>
<header>
${options.simulator ? html`<p class="sim-banner" role="note"><strong>${SIMULATOR_NOTICE}</strong></p>` : ''}
<div class="site-header">
<p class="brand">${say(lang, brand)}</p>
<nav aria-label="${say(lang, chrome.language)}"><a href="${options.switchHref(other)}" lang="${other}" hreflang="${other}">${other === 'en' ? 'English' : 'Tiếng Việt'}</a></nav>
</div>
</header>
<main id="main" tabindex="-1">
<h1>${say(lang, title)}</h1>
${options.body}
</main>
<footer class="site-footer"><p>${say(lang, chrome.footer)}</p></footer>
</body>
</html>`}`;
}

/** The current path with `lang` set (and other query parameters kept). */
export function withLang(path: string, query: Record<string, unknown>, lang: Lang): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key !== 'lang' && typeof value === 'string') params.set(key, value);
  }
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}
