import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { z } from 'zod';
import { acrValues } from '../../platform/auth/principal.ts';
import type { AppConfig } from '../../platform/config.ts';
import type { Bilingual } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/actor.ts';
import type { AccountService } from './accounts.service.ts';
import { acrLabel, allowsOfficial, requestedAcrs, requiredVneidLevel } from './acr.ts';
import type { IdentityRuntimeHandle } from './identity.runtime.ts';
import { CITY_MOUNT, STEP_UP_REASON } from './oidc/city-provider.ts';
import { finishInteraction, finishLogin, grantFor } from './oidc/interaction-result.ts';
import { STYLESHEET_PATH, withLang } from './pages/html.ts';
import {
  acceptFormBodies,
  boundInteraction,
  langOf,
  langQuery,
  pathOf,
  sendErrorPage,
  sendPage,
  signInExpired,
  uidParams,
} from './pages/respond.ts';
import { choicePage, type OfficialFormErrors, officialLoginPage } from './pages/sign-in-pages.ts';

const officialBody = z.strictObject({
  username: z.string().max(100),
  password: z.string().max(500),
  totp: z.string().max(20),
  lang: z.enum(['vi', 'en']).optional(),
});

const messages = {
  usernameMissing: { vi: 'Vui lòng nhập tên đăng nhập.', en: 'Please enter your user name.' },
  passwordMissing: { vi: 'Vui lòng nhập mật khẩu.', en: 'Please enter your password.' },
  totpMissing: { vi: 'Vui lòng nhập mã xác thực một lần.', en: 'Please enter the one-time code.' },
  invalid: {
    vi: 'Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.',
    en: 'The user name, password or one-time code is not correct.',
  },
  locked: (until: Date): Bilingual => {
    const time = until.toLocaleTimeString('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
    });
    return {
      vi: `Đăng nhập tạm khóa do nhập sai nhiều lần. Thử lại sau ${time}.`,
      en: `Sign-in is locked for a while after repeated failures. Try again after ${time} (Hanoi time).`,
    };
  },
  officialNotAllowed: {
    vi: 'Dịch vụ này yêu cầu đăng nhập bằng VNeID.',
    en: 'This service requires signing in with VNeID.',
  },
};

async function clientName(city: Provider, interaction: Interaction) {
  const client = await city.Client.find(String(interaction.params.client_id));
  return client?.clientName ?? String(interaction.params.client_id);
}

/** The city provider's sign-in pages: the choice (or step-up notice), the officials' form, cancel. */
export function interactionRoutes(deps: {
  config: AppConfig;
  runtime: IdentityRuntimeHandle;
  accounts: AccountService;
}): FastifyPluginAsync {
  const { config, runtime, accounts } = deps;
  const simulator = config.vneid === null;
  const stylesheet = readFile(new URL('./pages/identity.css', import.meta.url), 'utf8');

  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    acceptFormBodies(plugin);
    const hidden = { hide: true } as const;
    const page = { access: 'public' as const };

    app.get(STYLESHEET_PATH, { config: page, schema: hidden }, async (_request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(await stylesheet),
    );

    app.get(
      `${CITY_MOUNT}/interaction/:uid`,
      { config: page, schema: { ...hidden, params: uidParams, querystring: langQuery } },
      async (request, reply) => {
        const lang = langOf(request, reply, request.query.lang);
        const path = pathOf(request);
        const { city } = await runtime.get();
        const interaction = await boundInteraction(city, request, reply, request.params.uid);
        if (!interaction) return sendErrorPage(reply, { lang, path, message: signInExpired });
        if (interaction.prompt.name === 'consent') {
          const grantId = await grantFor(city, interaction, interaction.session!.accountId);
          return reply.redirect(await finishInteraction(interaction, { consent: { grantId } }), 303);
        }
        const required = requestedAcrs(interaction.params.acr_values);
        const vneidLevel = requiredVneidLevel(required);
        const allowOfficial = allowsOfficial(required);
        const stepUp = interaction.prompt.reasons.includes(STEP_UP_REASON) && interaction.session?.acr;
        // One way to sign in and nothing to explain: go straight there.
        if (!stepUp && required.length > 0 && (vneidLevel === null || !allowOfficial)) {
          return reply.redirect(`${path}/${vneidLevel === null ? 'official' : 'vneid'}`, 303);
        }
        return sendPage(
          reply,
          choicePage({
            lang,
            switchHref: (l) => withLang(path, {}, l),
            uid: interaction.uid,
            clientName: await clientName(city, interaction),
            vneidLevel,
            allowOfficial,
            vneidSimulated: simulator,
            ...(stepUp ? { stepUpFrom: acrLabel(String(interaction.session?.acr)) } : {}),
          }),
        );
      },
    );

    app.get(
      `${CITY_MOUNT}/interaction/:uid/abort`,
      { config: page, schema: { ...hidden, params: uidParams } },
      async (request, reply) => {
        const lang = langOf(request, reply);
        const { city } = await runtime.get();
        const interaction = await boundInteraction(city, request, reply, request.params.uid);
        if (!interaction)
          return sendErrorPage(reply, { lang, path: pathOf(request), message: signInExpired });
        const returnTo = await finishInteraction(interaction, {
          error: 'access_denied',
          error_description: 'the end-user cancelled the sign-in',
        });
        return reply.redirect(returnTo, 303);
      },
    );

    // Officials: user name, password and one-time code.
    async function officialForm(
      city: Provider,
      interaction: Interaction,
      options: { lang: 'vi' | 'en'; path: string; username?: string; errors?: OfficialFormErrors },
    ) {
      const required = requestedAcrs(interaction.params.acr_values);
      return officialLoginPage({
        lang: options.lang,
        switchHref: (l) => withLang(options.path, {}, l),
        uid: interaction.uid,
        clientName: await clientName(city, interaction),
        otherMethods: requiredVneidLevel(required) !== null,
        ...(options.username === undefined ? {} : { username: options.username }),
        errors: options.errors ?? (allowsOfficial(required) ? {} : { form: messages.officialNotAllowed }),
      });
    }

    app.get(
      `${CITY_MOUNT}/interaction/:uid/official`,
      { config: page, schema: { ...hidden, params: uidParams, querystring: langQuery } },
      async (request, reply) => {
        const lang = langOf(request, reply, request.query.lang);
        const path = pathOf(request);
        const { city } = await runtime.get();
        const interaction = await boundInteraction(city, request, reply, request.params.uid);
        if (!interaction) return sendErrorPage(reply, { lang, path, message: signInExpired });
        return sendPage(reply, await officialForm(city, interaction, { lang, path }));
      },
    );

    // A plain form post (no script, so no CSRF header): the interaction cookie is SameSite=Lax,
    // so a post from another site carries none and finds no interaction.
    app.post(
      `${CITY_MOUNT}/interaction/:uid/official`,
      {
        config: { access: 'public', csrf: false },
        schema: { ...hidden, params: uidParams, body: officialBody },
      },
      async (request, reply) => {
        const lang = langOf(request, reply, request.body.lang);
        const path = pathOf(request);
        const { city } = await runtime.get();
        const interaction = await boundInteraction(city, request, reply, request.params.uid);
        if (!interaction) return sendErrorPage(reply, { lang, path, message: signInExpired });
        const { username, password, totp } = request.body;
        const again = async (errors: OfficialFormErrors, status: number) =>
          sendPage(reply, await officialForm(city, interaction, { lang, path, username, errors }), status);

        if (!allowsOfficial(requestedAcrs(interaction.params.acr_values))) {
          return again({ form: messages.officialNotAllowed }, 403);
        }
        const errors: OfficialFormErrors = {};
        if (!username.trim()) errors.username = messages.usernameMissing;
        if (!password) errors.password = messages.passwordMissing;
        if (!totp.trim()) errors.totp = messages.totpMissing;
        if (Object.keys(errors).length) return again(errors, 400);

        const outcome = await accounts.signInOfficial(actorOf(request), {
          username,
          password,
          totp: totp.trim(),
          clientId: String(interaction.params.client_id),
        });
        if (!outcome.ok) {
          return outcome.reason === 'locked'
            ? again({ form: messages.locked(outcome.lockedUntil!) }, 429)
            : again({ form: messages.invalid }, 401);
        }
        const returnTo = await finishLogin(city, interaction, {
          accountId: outcome.account.id,
          acr: acrValues.officialMfa,
          amr: ['pwd', 'otp'],
        });
        return reply.redirect(returnTo, 303);
      },
    );
  };
}
