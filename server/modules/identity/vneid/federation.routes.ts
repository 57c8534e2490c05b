import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as oidc from 'openid-client';
import type { AppConfig } from '../../../platform/config.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import type { AccountService } from '../accounts.service.ts';
import { meets, requestedAcrs, requiredVneidLevel, vneidAcr } from '../acr.ts';
import { type IdentityRuntimeHandle, UPSTREAM_CALLBACK_PATH } from '../identity.runtime.ts';
import { callbackQuery } from '../identity.schema.ts';
import type { IdentityStore } from '../identity.store.ts';
import { CITY_MOUNT } from '../oidc/city-provider.ts';
import { finishInteraction, finishLogin } from '../oidc/interaction-result.ts';
import { boundInteraction, langOf, sendErrorPage, signInExpired, uidParams } from '../pages/respond.ts';

const UPSTREAM_LOGIN_TTL_MS = 15 * 60_000;

const messages = {
  upstreamFailed: {
    vi: 'Không nhận được kết quả xác thực hợp lệ từ VNeID. Hãy thử lại.',
    en: 'No valid authentication result came back from VNeID. Please try again.',
  },
  upstreamUnreachable: {
    vi: 'Hiện không kết nối được tới VNeID. Vui lòng thử lại sau ít phút.',
    en: 'VNeID cannot be reached at the moment. Please try again in a few minutes.',
  },
  officialsOnly: {
    vi: 'Dịch vụ này chỉ dành cho cán bộ, công chức.',
    en: 'This service is for officials only.',
  },
};

/**
 * Citizens sign in at VNeID: the city's provider sends the browser upstream (the real VNeID,
 * or the simulator, alike) and takes the answer back, honouring the requested level as a minimum.
 */
export function federationRoutes(deps: {
  config: AppConfig;
  runtime: IdentityRuntimeHandle;
  accounts: AccountService;
  store: IdentityStore;
}): FastifyPluginAsync {
  const { config, runtime, accounts, store } = deps;

  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const schema = { hide: true } as const;

    app.get(
      `${CITY_MOUNT}/interaction/:uid/vneid`,
      { config: { access: 'public' }, schema: { ...schema, params: uidParams } },
      async (request, reply) => {
        const lang = langOf(request, reply);
        const { city, upstream } = await runtime.get();
        const interaction = await boundInteraction(city, request, reply, request.params.uid);
        if (!interaction) return sendErrorPage(reply, { lang, path: request.url, message: signInExpired });
        const level = requiredVneidLevel(requestedAcrs(interaction.params.acr_values));
        if (level === null) {
          return sendErrorPage(reply, {
            lang,
            path: request.url,
            message: messages.officialsOnly,
            status: 403,
          });
        }
        // PKCE, state and nonce towards VNeID, remembered for the way back.
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const codeVerifier = oidc.randomPKCECodeVerifier();
        await store.insertUpstreamLogin({
          state,
          interaction_uid: interaction.uid,
          code_verifier: codeVerifier,
          nonce,
          required_level: level,
          expires_at: new Date(Date.now() + UPSTREAM_LOGIN_TTL_MS),
        });
        try {
          const target = await upstream.authorizationUrl({ state, nonce, codeVerifier, level });
          return reply.redirect(target.toString(), 303);
        } catch (error) {
          request.log.warn({ err: error }, 'VNeID discovery failed');
          return sendErrorPage(reply, {
            lang,
            path: request.url,
            message: messages.upstreamUnreachable,
            status: 502,
          });
        }
      },
    );

    app.get(
      UPSTREAM_CALLBACK_PATH,
      { config: { access: 'public' }, schema: { ...schema, querystring: callbackQuery } },
      async (request, reply) => {
        const lang = langOf(request, reply);
        const { state } = request.query;
        const pending = state ? await store.takeUpstreamLogin(state, new Date()) : undefined;
        if (!pending) return sendErrorPage(reply, { lang, path: '/', message: signInExpired });
        const { city, upstream } = await runtime.get();
        // Found by the state VNeID echoed; the browser resumes with its own resume cookie.
        const interaction = await city.Interaction.find(pending.interaction_uid);
        if (!interaction) return sendErrorPage(reply, { lang, path: '/', message: signInExpired });
        const fail = async (error: string, description: string) =>
          reply.redirect(
            await finishInteraction(interaction, { error, error_description: description }),
            303,
          );

        if (request.query.error) {
          // Upstream said no (cancelled, or could not authenticate): the client hears it.
          const error =
            request.query.error === 'unmet_authentication_requirements'
              ? request.query.error
              : 'access_denied';
          return fail(error, 'VNeID did not authenticate the end-user');
        }
        let result: Awaited<ReturnType<typeof upstream.complete>>;
        try {
          result = await upstream.complete(new URL(request.url, config.publicUrl), {
            state: pending.state,
            nonce: pending.nonce,
            codeVerifier: pending.code_verifier,
          });
        } catch (error) {
          request.log.warn({ err: error }, 'VNeID code exchange failed');
          return sendErrorPage(reply, { lang, path: '/', message: messages.upstreamFailed, status: 502 });
        }
        const acr = vneidAcr(result.level);
        const required = requestedAcrs(interaction.params.acr_values);
        // The requested level is a minimum: a lower one never turns into a token.
        const enough =
          meets(acr, vneidAcr(pending.required_level === 2 ? 2 : 1)) &&
          (required.length === 0 || required.some((wanted) => meets(acr, wanted)));
        if (!enough) {
          return fail(
            'unmet_authentication_requirements',
            `VNeID authenticated at level ${result.level}, below the level requested`,
          );
        }
        const clientId = String(interaction.params.client_id);
        const account = await accounts.citizenSignedIn(actorOf(request), result.claims, acr, clientId);
        if (account.status !== 'active') return fail('access_denied', 'the account is disabled');
        const returnTo = await finishLogin(city, interaction, { accountId: account.id, acr, amr: ['vneid'] });
        return reply.redirect(returnTo, 303);
      },
    );
  };
}
