import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Bilingual } from '../../../platform/errors.ts';
import type { Lang } from '../pages/html.ts';
import { errorPage, loggedOutPage, logoutPage } from '../pages/sign-in-pages.ts';

/** Pages oidc-provider renders itself (errors, logout), in the platform's look and languages. */
export function langOf(ctx: KoaContextWithOIDC): Lang {
  const asked = ctx.query?.lang;
  if (asked === 'en' || asked === 'vi') return asked;
  const match = /(?:^|;\s*)lang=(vi|en)(?:;|$)/.exec(ctx.get('cookie'));
  return match?.[1] === 'en' ? 'en' : 'vi';
}

const switchTo = (ctx: KoaContextWithOIDC) => (lang: Lang) => {
  const url = new URL(ctx.originalUrl ?? ctx.url, 'http://local');
  url.searchParams.set('lang', lang);
  // Pages rendered for POSTs have no GET twin; the switch then only changes the cookie-less preference.
  return `${url.pathname}${url.search}`;
};

const knownErrors: Record<string, Bilingual> = {
  invalid_redirect_uri: {
    vi: 'Địa chỉ quay về chưa được đăng ký cho ứng dụng này. Hãy báo cho quản trị hệ thống của ứng dụng.',
    en: 'The return address is not registered for this application. Tell the application’s administrator.',
  },
  invalid_client: {
    vi: 'Ứng dụng yêu cầu đăng nhập chưa được Thành phố đăng ký.',
    en: 'The application asking you to sign in is not registered with the City.',
  },
  session_not_found: {
    vi: 'Phiên đăng nhập đã hết hạn hoặc không còn hợp lệ. Hãy bắt đầu lại từ ứng dụng.',
    en: 'The sign-in session has expired or is no longer valid. Start again from the application.',
  },
};

const genericError: Bilingual = {
  vi: 'Yêu cầu đăng nhập không hợp lệ.',
  en: 'The sign-in request is not valid.',
};

export const errorTitle: Bilingual = { vi: 'Không thể tiếp tục', en: 'Cannot continue' };

export function providerPages(options: { homeHref: string; simulator?: boolean }) {
  return {
    renderError(ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) {
      ctx.type = 'html';
      ctx.body = errorPage({
        lang: langOf(ctx),
        switchHref: switchTo(ctx),
        title: errorTitle,
        message: knownErrors[out.error ?? ''] ?? genericError,
        detail: [out.error, out.error_description].filter(Boolean).join(': '),
        homeHref: options.homeHref,
        simulator: options.simulator,
      });
    },

    logoutSource(ctx: KoaContextWithOIDC, form: string) {
      ctx.type = 'html';
      const client = ctx.oidc.client;
      ctx.body = logoutPage({
        lang: langOf(ctx),
        switchHref: switchTo(ctx),
        form,
        clientName: client ? (client.clientName ?? client.clientId) : null,
      });
    },

    postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
      ctx.type = 'html';
      ctx.body = loggedOutPage({ lang: langOf(ctx), switchHref: switchTo(ctx), homeHref: options.homeHref });
    },
  };
}
