import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { z } from 'zod';
import type { Bilingual } from '../../../platform/errors.ts';
import { errorTitle } from '../oidc/provider-pages.ts';
import { chooseLang, LANG_COOKIE, type Lang, withLang } from './html.ts';
import { errorPage } from './sign-in-pages.ts';

/** What the interaction pages share: form bodies, language, HTML answers, the browser's interaction. */
export const uidParams = z.strictObject({ uid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const langQuery = z.strictObject({ lang: z.enum(['vi', 'en']).optional() });

export const signInExpired: Bilingual = {
  vi: 'Phiên đăng nhập đã hết hạn hoặc không còn hợp lệ. Hãy bắt đầu lại từ ứng dụng.',
  en: 'The sign-in session has expired or is no longer valid. Start again from the application.',
};

/** HTML forms post application/x-www-form-urlencoded. */
export function acceptFormBodies(app: FastifyInstance, bodyLimit = 16 * 1024) {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
}

/** The page language; an explicit choice is remembered in the `lang` cookie. */
export function langOf(request: FastifyRequest, reply: FastifyReply, lang?: Lang): Lang {
  if (lang) reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', maxAge: 365 * 86_400 });
  return chooseLang({ lang }, request.cookies);
}

export const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? '/';

export const sendPage = (reply: FastifyReply, html: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);

export const sendErrorPage = (
  reply: FastifyReply,
  options: { lang: Lang; path: string; message: Bilingual; status?: number; simulator?: boolean },
) =>
  sendPage(
    reply,
    errorPage({
      lang: options.lang,
      switchHref: (l) => withLang(options.path, {}, l),
      title: errorTitle,
      message: options.message,
      homeHref: '/',
      simulator: options.simulator,
    }),
    options.status ?? 400,
  );

/** The interaction this browser holds (its signed interaction cookie) when it is `uid`, else null. */
export async function boundInteraction(
  provider: Provider,
  request: FastifyRequest,
  reply: FastifyReply,
  uid: string,
): Promise<Interaction | null> {
  try {
    const interaction = await provider.interactionDetails(request.raw, reply.raw);
    return interaction.uid === uid ? interaction : null;
  } catch {
    return null;
  }
}
