import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import type { Bilingual } from '../../../platform/errors.ts';
import type { PopulationService } from '../../population/index.ts';
import type { IdentityRuntimeHandle } from '../identity.runtime.ts';
import { finishInteraction, finishLogin, grantFor } from '../oidc/interaction-result.ts';
import { mountProvider } from '../oidc/mount.ts';
import { type Lang, withLang } from '../pages/html.ts';
import {
  acceptFormBodies,
  boundInteraction,
  langOf,
  pathOf,
  sendErrorPage,
  sendPage,
  uidParams,
} from '../pages/respond.ts';
import { simulatorPickPage } from '../pages/simulator-pages.ts';
import { SIMULATOR_MOUNT } from './simulator-provider.ts';
import { levelOfUpstreamAcr, upstreamAcrFor } from './upstream-acr.ts';

const pickQuery = z.strictObject({
  q: z.string().max(100).optional(),
  level: z.enum(['2']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
const loginBody = z.strictObject({
  personalId: z.string().max(20),
  level: z.enum(['1', '2']),
  lang: z.enum(['vi', 'en']).optional(),
});

const messages = {
  expired: {
    vi: 'Phiên đăng nhập VNeID (mô phỏng) đã hết hạn. Hãy bắt đầu lại từ ứng dụng.',
    en: 'The (simulated) VNeID sign-in has expired. Start again from the application.',
  },
  unknownResident: {
    vi: 'Không có cư dân này trong sổ dân cư tổng hợp.',
    en: 'This resident is not in the synthetic population registry.',
  },
  levelTooHigh: (level: number, held: number): Bilingual => ({
    vi: `Cư dân này chỉ có định danh mức ${held}, không thể đăng nhập ở mức ${level}.`,
    en: `This resident holds level ${held} identity only and cannot sign in at level ${level}.`,
  }),
};

const RESULTS = 20;

/** The simulator's provider (mounted at /vneid-sim) and its resident-picking page. */
export function simulatorRoutes(deps: {
  runtime: IdentityRuntimeHandle;
  population: PopulationService;
}): FastifyPluginAsync {
  const { runtime, population } = deps;
  const simulatorProvider = async (): Promise<Provider> => {
    const { simulator } = await runtime.get();
    if (!simulator) throw new Error('the VNeID simulator is off: a real VNeID is configured');
    return simulator;
  };

  return async (plugin) => {
    await mountProvider(plugin, SIMULATOR_MOUNT, simulatorProvider);
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    acceptFormBodies(plugin);
    const hidden = { hide: true } as const;

    async function interactionOf(
      request: Parameters<typeof boundInteraction>[1],
      reply: FastifyReply,
      uid: string,
    ) {
      const simulator = await simulatorProvider();
      const interaction = await boundInteraction(simulator, request, reply, uid);
      return interaction ? { simulator, interaction } : null;
    }

    const expired = (reply: FastifyReply, lang: Lang, path: string) =>
      sendErrorPage(reply, { lang, path, message: messages.expired, simulator: true });

    async function pickPage(
      reply: FastifyReply,
      options: {
        lang: Lang;
        uid: string;
        q: string;
        onlyLevel2: boolean;
        acrValues: unknown;
        error?: Bilingual;
      },
      status = 200,
    ) {
      const residents = await population.searchResidents({
        ...(options.q ? { q: options.q } : {}),
        ...(options.onlyLevel2 ? { minLevel: 2 as const } : {}),
        limit: RESULTS,
      });
      const path = `${SIMULATOR_MOUNT}/interaction/${options.uid}`;
      const query = { q: options.q, ...(options.onlyLevel2 ? { level: '2' } : {}) };
      return sendPage(
        reply,
        simulatorPickPage({
          lang: options.lang,
          switchHref: (l) => withLang(path, query, l),
          uid: options.uid,
          q: options.q,
          onlyLevel2: options.onlyLevel2,
          requestedLevel:
            typeof options.acrValues === 'string'
              ? (Math.min(...options.acrValues.split(' ').map(levelOfUpstreamAcr), 2) as 1 | 2)
              : 1,
          residents,
          ...(options.error ? { error: options.error } : {}),
        }),
        status,
      );
    }

    app.get(
      `${SIMULATOR_MOUNT}/interaction/:uid`,
      { config: { access: 'public' }, schema: { ...hidden, params: uidParams, querystring: pickQuery } },
      async (request, reply) => {
        const lang = langOf(request, reply, request.query.lang);
        const found = await interactionOf(request, reply, request.params.uid);
        if (!found) return expired(reply, lang, pathOf(request));
        const { simulator, interaction } = found;
        if (interaction.prompt.name === 'consent') {
          const grantId = await grantFor(simulator, interaction, interaction.session!.accountId);
          return reply.redirect(await finishInteraction(interaction, { consent: { grantId } }), 303);
        }
        return pickPage(reply, {
          lang,
          uid: interaction.uid,
          q: request.query.q ?? '',
          onlyLevel2: request.query.level === '2',
          acrValues: interaction.params.acr_values,
        });
      },
    );

    app.post(
      `${SIMULATOR_MOUNT}/interaction/:uid/login`,
      {
        config: { access: 'public', csrf: false },
        schema: { ...hidden, params: uidParams, body: loginBody },
      },
      async (request, reply) => {
        const lang = langOf(request, reply, request.body.lang);
        const found = await interactionOf(request, reply, request.params.uid);
        if (!found) return expired(reply, lang, pathOf(request));
        const { simulator, interaction } = found;
        const level = Number(request.body.level) as 1 | 2;
        const resident = await population.findByPersonalId(request.body.personalId);
        const again = (error: Bilingual, status: number) =>
          pickPage(
            reply,
            {
              lang,
              uid: interaction.uid,
              q: request.body.personalId,
              onlyLevel2: false,
              acrValues: interaction.params.acr_values,
              error,
            },
            status,
          );
        if (!resident) return again(messages.unknownResident, 400);
        // A resident cannot claim more assurance than their VNeID account has.
        if (level > resident.vneidLevel) return again(messages.levelTooHigh(level, resident.vneidLevel), 403);
        const returnTo = await finishLogin(simulator, interaction, {
          accountId: resident.personalId,
          acr: upstreamAcrFor(level),
          amr: ['vneid-sim'],
        });
        return reply.redirect(returnTo, 303);
      },
    );

    app.get(
      `${SIMULATOR_MOUNT}/interaction/:uid/abort`,
      { config: { access: 'public' }, schema: { ...hidden, params: uidParams } },
      async (request, reply) => {
        const lang = langOf(request, reply);
        const found = await interactionOf(request, reply, request.params.uid);
        if (!found) return expired(reply, lang, pathOf(request));
        const returnTo = await finishInteraction(found.interaction, {
          error: 'access_denied',
          error_description: 'the end-user cancelled the sign-in',
        });
        return reply.redirect(returnTo, 303);
      },
    );
  };
}
