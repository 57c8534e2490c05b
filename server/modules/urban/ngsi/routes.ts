import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { PlatformContext } from '../../../platform/module.ts';
import type { ChangeFeed } from '../changes.ts';
import { registerBatchRoutes } from './batch.ts';
import { CONTEXTS_PATH, defaultContextUrl, servedContexts } from './context.ts';
import { registerDiscoveryRoutes } from './discovery.ts';
import { type NgsiDeps, registerEntityRoutes } from './entities.routes.ts';
import { createEntityService } from './entities.service.ts';
import type { UrbanTables } from './entities.store.ts';
import { NgsiError } from './errors.ts';
import { installNgsiHttp } from './http.ts';

/** The NGSI-LD core API at /ngsi-ld/v1 and the served JSON-LD contexts at /ngsi-ld/contexts. */
export function createNgsiApi(context: PlatformContext, changes: ChangeFeed) {
  const entities = createEntityService({ context, changes });
  const deps: NgsiDeps = {
    entities,
    db: context.database.db as Kysely<UrbanTables>,
    publicUrl: context.config.publicUrl,
    defaultContextUrl: defaultContextUrl(context.config.publicUrl),
    now: () => context.clock.now(),
  };
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(
      async (scope: FastifyInstance) => {
        installNgsiHttp(scope, { notFound: true });
        registerEntityRoutes(scope, deps);
        registerBatchRoutes(scope, deps);
        registerDiscoveryRoutes(scope, deps);
      },
      { prefix: '/ngsi-ld/v1' },
    );
    await app.register(
      async (scope: FastifyInstance) => {
        installNgsiHttp(scope, { notFound: true });
        scope.get('/:file', { config: { access: 'public' } }, async (request, reply) => {
          const file = (request.params as { file: string }).file;
          if (!Object.hasOwn(servedContexts, file))
            throw new NgsiError('ResourceNotFound', {
              vi: `Không có context ${file}.`,
              en: `No context ${file}.`,
            });
          return reply
            .type('application/ld+json')
            .header('cache-control', 'public, max-age=86400')
            .send(servedContexts[file]);
        });
      },
      { prefix: CONTEXTS_PATH },
    );
  };
  return { entities, routes };
}
