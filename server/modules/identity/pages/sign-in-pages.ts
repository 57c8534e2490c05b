import type { Bilingual } from '../../../platform/errors.ts';
import { html, type Lang, type Markup, page, say, trusted } from './html.ts';

/** The city provider's interaction pages: sign-in choice, step-up notice, official form, logout, errors. */
const text = {
  choose: { vi: 'Đăng nhập', en: 'Sign in' },
  stepUp: { vi: 'Cần xác thực ở mức cao hơn', en: 'A higher level of assurance is needed' },
  forClient: { vi: 'Để sử dụng', en: 'To use' },
  vneidTitle: { vi: 'Người dân: đăng nhập bằng VNeID', en: 'Residents: sign in with VNeID' },
  vneidHint: {
    vi: 'Tài khoản định danh điện tử do Bộ Công an cấp.',
    en: 'The electronic identity issued by the Ministry of Public Security.',
  },
  vneidSimulated: {
    vi: 'Hệ thống đang dùng VNeID mô phỏng với dân cư tổng hợp (không phải người thật).',
    en: 'This system uses a simulated VNeID with a synthetic population (not real people).',
  },
  vneidButton: { vi: 'Tiếp tục với VNeID', en: 'Continue with VNeID' },
  officialTitle: { vi: 'Cán bộ, công chức', en: 'Officials' },
  officialHint: {
    vi: 'Tên đăng nhập, mật khẩu và mã xác thực một lần.',
    en: 'User name, password and one-time code.',
  },
  officialButton: { vi: 'Đăng nhập cán bộ', en: 'Official sign-in' },
  cancel: { vi: 'Hủy và quay lại', en: 'Cancel and go back' },
  levelNeeded: (level: number): Bilingual => ({
    vi: `Dịch vụ này yêu cầu định danh điện tử VNeID mức ${level}.`,
    en: `This service requires VNeID electronic identity at level ${level}.`,
  }),
  stepUpWhy: (current: Bilingual): Bilingual => ({
    vi: `Bạn đang đăng nhập với: ${current.vi}. Vui lòng xác thực lại ở mức yêu cầu.`,
    en: `You are signed in with: ${current.en}. Please authenticate again at the required level.`,
  }),
  officialOnly: {
    vi: 'Dịch vụ này chỉ dành cho cán bộ, công chức.',
    en: 'This service is for officials only.',
  },
  username: { vi: 'Tên đăng nhập', en: 'User name' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  totp: { vi: 'Mã xác thực một lần (6 chữ số)', en: 'One-time code (6 digits)' },
  totpHint: {
    vi: 'Mở ứng dụng xác thực trên điện thoại và nhập mã hiện tại.',
    en: 'Open the authenticator app on your phone and enter the current code.',
  },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  otherMethods: { vi: 'Cách đăng nhập khác', en: 'Other ways to sign in' },
  problems: { vi: 'Chưa đăng nhập được', en: 'You could not be signed in' },
  logoutTitle: { vi: 'Đăng xuất', en: 'Sign out' },
  logoutQuestion: {
    vi: 'Bạn muốn đăng xuất khỏi hệ thống đăng nhập một lần của Thành phố?',
    en: "Do you want to sign out of the City's single sign-on?",
  },
  logoutEverywhere: { vi: 'Đăng xuất khỏi mọi dịch vụ', en: 'Sign out of every service' },
  logoutClientOnly: (name: string): Bilingual => ({
    vi: `Chỉ đăng xuất khỏi ${name}`,
    en: `Sign out of ${name} only`,
  }),
  loggedOutTitle: { vi: 'Bạn đã đăng xuất', en: 'You are signed out' },
  loggedOut: {
    vi: 'Phiên đăng nhập một lần đã kết thúc trên thiết bị này.',
    en: 'Your single sign-on session on this device has ended.',
  },
  home: { vi: 'Về trang chủ', en: 'Go to the home page' },
};

export type PageBase = { lang: Lang; switchHref: (lang: Lang) => string; simulator?: boolean };

export function choicePage(
  options: PageBase & {
    uid: string;
    clientName: string;
    vneidLevel: 1 | 2 | null;
    allowOfficial: boolean;
    /** VNeID is the built-in simulator (said on the page). */
    vneidSimulated: boolean;
    /** Set when a session exists but its assurance is too low. */
    stepUpFrom?: Bilingual;
  },
): string {
  const { lang, uid } = options;
  const base = `/oidc/interaction/${encodeURIComponent(uid)}`;
  const body = html`
<p class="lead">${say(lang, text.forClient)} <strong>${options.clientName}</strong></p>
${
  options.stepUpFrom
    ? html`<div class="notice" role="status"><p>${options.vneidLevel ? say(lang, text.levelNeeded(options.vneidLevel)) : say(lang, text.officialOnly)}</p><p>${say(lang, text.stepUpWhy(options.stepUpFrom))}</p></div>`
    : options.vneidLevel === 2
      ? html`<p class="notice">${say(lang, text.levelNeeded(2))}</p>`
      : ''
}
<ul class="methods">
${
  options.vneidLevel
    ? html`<li><h2>${say(lang, text.vneidTitle)}</h2><p>${say(lang, text.vneidHint)}</p>
${options.vneidSimulated ? html`<p><strong>${say(lang, text.vneidSimulated)}</strong></p>` : ''}
<a class="button" href="${base}/vneid">${say(lang, text.vneidButton)}</a></li>`
    : ''
}
${
  options.allowOfficial
    ? html`<li><h2>${say(lang, text.officialTitle)}</h2><p>${say(lang, text.officialHint)}</p>
<a class="button" href="${base}/official">${say(lang, text.officialButton)}</a></li>`
    : ''
}
</ul>
<p class="actions"><a class="button secondary" href="${base}/abort">${say(lang, text.cancel)}</a></p>`;
  return page({
    lang,
    switchHref: options.switchHref,
    title: options.stepUpFrom ? text.stepUp : text.choose,
    body,
  });
}

export type OfficialFormErrors = Partial<Record<'username' | 'password' | 'totp' | 'form', Bilingual>>;

function field(
  lang: Lang,
  options: {
    name: 'username' | 'password' | 'totp';
    label: Bilingual;
    type: 'text' | 'password';
    value?: string;
    autocomplete: string;
    hint?: Bilingual;
    error?: Bilingual;
    extra?: Markup;
  },
): Markup {
  const id = `field-${options.name}`;
  const describedBy = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field">
<label for="${id}">${say(lang, options.label)}</label>
${options.hint ? html`<span class="hint" id="${id}-hint">${say(lang, options.hint)}</span>` : ''}
${options.error ? html`<span class="error" id="${id}-error">${say(lang, options.error)}</span>` : ''}
<input id="${id}" name="${options.name}" type="${options.type}" autocomplete="${options.autocomplete}" value="${options.value ?? ''}" required${describedBy ? html` aria-describedby="${describedBy}"` : ''}${options.error ? html` aria-invalid="true"` : ''}${options.extra ?? ''}>
</div>`;
}

export function officialLoginPage(
  options: PageBase & {
    uid: string;
    clientName: string;
    /** Whether another way (VNeID) may answer this request too. */
    otherMethods: boolean;
    username?: string;
    errors?: OfficialFormErrors;
  },
): string {
  const { lang, uid, errors = {} } = options;
  const base = `/oidc/interaction/${encodeURIComponent(uid)}`;
  const listed = (['form', 'username', 'password', 'totp'] as const).filter((key) => errors[key]);
  const body = html`
<p class="lead">${say(lang, text.forClient)} <strong>${options.clientName}</strong></p>
${
  listed.length
    ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>${say(lang, text.problems)}</h2><ul>
${listed.map((key) =>
  key === 'form'
    ? html`<li>${say(lang, errors.form!)}</li>`
    : html`<li><a href="#field-${key}">${say(lang, errors[key]!)}</a></li>`,
)}</ul></div>`
    : ''
}
<form method="post" action="${base}/official" novalidate>
${field(lang, { name: 'username', label: text.username, type: 'text', value: options.username, autocomplete: 'username', error: errors.username })}
${field(lang, { name: 'password', label: text.password, type: 'password', autocomplete: 'current-password', error: errors.password })}
${field(lang, { name: 'totp', label: text.totp, type: 'text', autocomplete: 'one-time-code', hint: text.totpHint, error: errors.totp, extra: html` inputmode="numeric" maxlength="6"` })}
<p class="actions"><button type="submit">${say(lang, text.signIn)}</button>
${options.otherMethods ? html`<a class="button secondary" href="${base}">${say(lang, text.otherMethods)}</a>` : ''}
<a class="button secondary" href="${base}/abort">${say(lang, text.cancel)}</a></p>
</form>`;
  return page({ ...options, title: text.officialButton, body });
}

export function errorPage(
  options: PageBase & { title: Bilingual; message: Bilingual; detail?: string; homeHref?: string },
): string {
  const { lang } = options;
  const body = html`<div class="error-summary" role="alert"><p>${say(lang, options.message)}</p>
${options.detail ? html`<p><code>${options.detail}</code></p>` : ''}</div>
<p><a href="${options.homeHref ?? '/'}">${say(lang, text.home)}</a></p>`;
  return page({ ...options, title: options.title, body });
}

/** RP-initiated logout confirmation; `form` is oidc-provider's hidden form (action and xsrf token). */
export function logoutPage(options: PageBase & { form: string; clientName: string | null }): string {
  const { lang } = options;
  const body = html`<p>${say(lang, text.logoutQuestion)}</p>
${trusted(options.form)}
<p class="actions"><button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${say(lang, text.logoutEverywhere)}</button>
${options.clientName ? html`<button type="submit" form="op.logoutForm" class="secondary">${say(lang, text.logoutClientOnly(options.clientName))}</button>` : ''}</p>`;
  return page({ ...options, title: text.logoutTitle, body });
}

export function loggedOutPage(options: PageBase & { homeHref: string }): string {
  const { lang } = options;
  const body = html`<p>${say(lang, text.loggedOut)}</p><p><a class="button" href="${options.homeHref}">${say(lang, text.home)}</a></p>`;
  return page({ ...options, title: text.loggedOutTitle, body });
}
