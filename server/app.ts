import pino, { type Logger } from 'pino';
import { seedDemoOfficials } from './demo/officials.ts';
import { createDataModule } from './modules/data/index.ts';
import { createDtiModule } from './modules/dti/index.ts';
import { createExchangeModule } from './modules/exchange/index.ts';
import { createIdentityModule } from './modules/identity/index.ts';
import { createMetricsModule } from './modules/metrics/index.ts';
import { createOrgModule } from './modules/org/index.ts';
import { createPilotsModule } from './modules/pilots/index.ts';
import { createPlanModule, PLAN_239 } from './modules/plan/index.ts';
import { createPopulationModule } from './modules/population/index.ts';
import { createPrivacyModule } from './modules/privacy/index.ts';
import { createServicesModule } from './modules/services/index.ts';
import { createUrbanModule } from './modules/urban/index.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { createAuditLog } from './platform/audit/audit.ts';
import { type Clock, offsetFileClock, systemClock } from './platform/clock.ts';
import type { AppConfig } from './platform/config.ts';
import { type Database, openDatabase, PREPARE_LOCK_KEY } from './platform/db/database.ts';
import { type ModuleMigrations, migrate, pendingMigrations } from './platform/db/migrator.ts';
import { createFileStore } from './platform/files.ts';
import { healthRoutes } from './platform/http/health.ts';
import { createHttpServer } from './platform/http/server.ts';
import { createJobs } from './platform/jobs.ts';
import { installJobQueues, pendingJobQueues } from './platform/jobs-schema.ts';
import { loggerOptions } from './platform/logger.ts';
import { platformMigrations } from './platform/migrations.ts';
import type { PlatformContext, PlatformModule } from './platform/module.ts';
import { notifyRoutes } from './platform/notify.routes.ts';
import { createNotifier } from './platform/notify.ts';
import { registerRuntimeCollectors } from './platform/observability/collectors.ts';
import { metricsRoutes } from './platform/observability/metrics.routes.ts';
import { operationsRoutes } from './platform/observability/operations.routes.ts';
import { createReadiness } from './platform/observability/readiness.ts';
import { createTelemetry } from './platform/observability/telemetry.ts';
import { platformVersion } from './version.ts';
import { loadWebApp } from './web.ts';

/**
 * The composition root: opens the database, creates every module with the services it needs,
 * and assembles the HTTP server. Nothing else wires modules together.
 */
export type PlatformOptions = { clock?: Clock; logger?: Logger; database?: Database };

export async function createPlatform(config: AppConfig, options: PlatformOptions = {}) {
  const log = options.logger ?? pino(loggerOptions(config.logLevel));
  const clock =
    options.clock ?? (config.clockOffsetFile ? offsetFileClock(config.clockOffsetFile) : systemClock);
  if (config.clockOffsetFile)
    log.warn(
      { file: config.clockOffsetFile },
      'platform clock shifted by CLOCK_OFFSET_FILE (tests and training only)',
    );
  const database = options.database ?? (await openDatabase(config.database));
  const audit = createAuditLog(database, () => clock.now());
  const jobs = createJobs(database, log);
  const files = createFileStore(database);
  const notify = createNotifier(database, {
    smtpUrl: config.mail.smtpUrl,
    mailFrom: config.mail.from,
    publicUrl: config.publicUrl,
    log,
    sms: config.sms,
  });
  // One job delivers both channels of the outbox (e-mail and SMS), whichever is configured.
  if (notify.smtp || notify.sms)
    jobs.define('platform.mail', async () => void (await notify.deliverPending()), { cron: '* * * * *' });
  // Always defined (like every job), so `smartcity migrate` creates its queue whatever is configured.
  jobs.define(
    'platform.notify.purge',
    async () => void (await notify.purgeExpired(clock.now(), config.retention)),
    { cron: '30 2 * * *' },
  );
  // One registry per platform instance (docs/observability.md); uptime is real time, not the shifted clock.
  const telemetry = createTelemetry();
  registerRuntimeCollectors(telemetry, { database, jobNames: () => jobs.names });
  const context: PlatformContext = { config, database, audit, log, clock, jobs, files, notify, telemetry };

  const org = createOrgModule(context);
  const population = createPopulationModule(context, { org: org.service });
  const identity = createIdentityModule(context, { org: org.service, population: population.service });
  const metrics = createMetricsModule(context, { org: org.service });
  // Every computed KPI source a module offers (docs/plan-monitoring.md, "KPIs measured by the platform").
  for (const source of identity.kpiSources) metrics.service.registerSource(source);
  const plan = createPlanModule(context, { org: org.service, metrics: metrics.service });
  const data = createDataModule(context, {
    org: org.service,
    // The portal publishes the plan's targets and status (approved values only) as open data.
    plan: { planId: PLAN_239, publicPerformance: (planId) => plan.service.publicPerformance(planId) },
    version: platformVersion,
  });
  for (const source of data.kpiSources) metrics.service.registerSource(source);
  // One exchange between agencies; public services fetch citizens' data through it under consent.
  const exchange = createExchangeModule(context, {
    org: org.service,
    population: population.service,
    dictionary: data.service.dictionary,
  });
  const services = createServicesModule(context, {
    org: org.service,
    data: data.service,
    exchange: exchange.service,
    population: population.service,
  });
  // Dossier KPIs (bound to G03, G20, G21, G27 of Plan 239) and the procedures' (G04, per service).
  for (const source of services.service.dossiers.kpiSources) metrics.service.registerSource(source);
  for (const source of services.service.procedures.kpiSources) metrics.service.registerSource(source);
  // The citizen's copy of their data and deletion requests, read through each module's door.
  const privacy = createPrivacyModule(context, {
    identity: identity.service,
    population: population.service,
    exchange: exchange.service,
    services: services.service,
  });
  const urban = createUrbanModule(context, { org: org.service });
  // The pilots' KPIs (uptime, response times, floods on time, good-air days) and their open datasets.
  for (const source of urban.kpiSources) metrics.service.registerSource(source);
  for (const [name, build] of Object.entries(urban.openData))
    data.service.portal.registerFollower(name, build);
  // Registry pilots (docs/pilots.md); their aggregates are open datasets that follow their data.
  const pilots = createPilotsModule(context, {
    org: org.service,
    refreshOpenData: () => data.service.portal.refresh(),
  });
  for (const [name, build] of Object.entries(pilots.followers))
    data.service.portal.registerFollower(name, build);
  // The digital-transformation index: measured sub-indices read metrics, plan completion the plan's tasks.
  const dti = createDtiModule(context, {
    org: org.service,
    metrics: metrics.service,
    planTasksOf: async (agencyId) =>
      (
        await plan.service.tasks({ kind: 'anonymous' }, PLAN_239, {
          agency: agencyId,
          limit: 1000,
          offset: 0,
        })
      ).tasks,
  });
  const modules: PlatformModule[] = [
    org,
    population,
    identity,
    metrics,
    plan,
    data,
    exchange,
    services,
    privacy,
    urban,
    pilots,
    dti,
  ];

  const allMigrations: ModuleMigrations[] = [
    { module: 'platform', migrations: platformMigrations },
    ...modules.map((module) => ({ module: module.name, migrations: module.migrations })),
  ];

  const resolvePrincipal = identity.service.resolvePrincipal;
  let background = false;
  const readiness = createReadiness({
    database,
    pendingMigrations: () => pendingMigrations(database, allMigrations),
    jobs,
    background: () => background,
    modules: async () => Object.assign({}, ...modules.map((module) => module.ready?.() ?? {})),
  });
  const mode = database.kind === 'pglite' ? 'embedded' : 'postgres';
  const refuseIfPending = async () => {
    const pending = await pendingMigrations(database, allMigrations).catch((error) => {
      // No platform.schema_migrations yet: nothing was ever migrated.
      if ((error as { code?: string }).code === '42P01') return ['platform (not migrated)'];
      throw error;
    });
    // Starting pg-boss over a missing or old schema, or a new queue, would need DDL as well.
    const jobQueues = await pendingJobQueues(database, jobs.names);
    if (pending.length + jobQueues.length > 0) throw new MigrationsPendingError([...pending, ...jobQueues]);
    return { applied: [], alreadyApplied: allMigrations.reduce((n, m) => n + m.migrations.length, 0) };
  };
  const seedDemo = async () => {
    for (const module of modules) await module.seedDemo?.();
    await seedDemoOfficials({ org: org.service, identity: identity.service, log });
  };

  return {
    context,
    org: org.service,
    population: population.service,
    identity: identity.service,
    metrics: metrics.service,
    plan: plan.service,
    data: data.service,
    exchange: exchange.service,
    services: services.service,
    urban: urban.service,
    pilots: pilots.service,
    dti: dti.service,

    /** Applies pending migrations of every module, and creates the job queue's schema and queues (DDL). */
    async migrate() {
      const report = await migrate(database, allMigrations);
      await installJobQueues(database, jobs.names);
      return report;
    },

    /**
     * Migrations (unless MIGRATE_ON_START=false: then it refuses while any are pending), reference
     * data and demo data when enabled: everything before serving. Reference data is rows only, so an
     * application role without DDL rights loads it too.
     */
    async prepare(prepareOptions: { demo?: boolean; measure?: boolean } = {}) {
      // Instances starting together take turns: their reference loads would collide.
      return database.exclusive(PREPARE_LOCK_KEY, async () => {
        const report = config.migrateOnStart
          ? await migrate(database, allMigrations)
          : await refuseIfPending();
        const reference = await org.service.ensureReferenceData();
        // Plan 239 and its targets (with their indicators) are reference data too, in every mode.
        await plan.service.ensureReferenceData();
        await data.seedReference();
        await exchange.seedReference();
        await services.seedReference();
        await dti.seedReference();
        const demo = prepareOptions.demo ?? config.demoData;
        if (demo) await seedDemo();
        // Measured KPIs have values from the first start, not only after the hourly job.
        if (prepareOptions.measure !== false) {
          const measured = await metrics.service.recompute();
          for (const failure of measured.failed) log.warn(failure, 'computed source failed at start-up');
        }
        return { migrations: report, referenceLoaded: reference.loaded, demo };
      });
    },

    seedDemo,

    async createServer() {
      const web = await loadWebApp();
      const server = await createHttpServer({
        logLevel: config.logLevel,
        trustProxy: config.trustProxy,
        publicUrl: config.publicUrl,
        version: platformVersion,
        resolvePrincipal,
        pageFallback: web.sendIndex,
        telemetry,
      });
      await server.register(healthRoutes({ version: platformVersion, mode, ready: readiness }));
      await server.register(
        metricsRoutes({ telemetry, token: config.metricsToken, trustProxy: config.trustProxy }),
      );
      await server.register(
        operationsRoutes({
          telemetry,
          version: platformVersion,
          mode,
          databaseKind: database.kind,
          readiness,
          now: () => new Date(),
        }),
      );
      await server.register(auditRoutes(database, audit));
      await server.register(notifyRoutes(notify));
      for (const module of modules) if (module.routes) await server.register(module.routes);
      await server.register(web.routes);
      return server;
    },

    /** Starts the background jobs and the modules' long-running parts (the `start` command; tests run handlers directly). */
    async startJobs() {
      background = true;
      await jobs.start();
      // Modules' long-running parts (the urban module's MQTT broker and ingest worker).
      for (const module of modules) await module.start?.();
    },

    async close() {
      for (const module of [...modules].reverse()) await module.stop?.();
      await jobs.stop();
      await database.close();
    },
  };
}

export type Platform = Awaited<ReturnType<typeof createPlatform>>;

/** MIGRATE_ON_START=false and the database is behind the code: the platform does not serve. */
export class MigrationsPendingError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `Cơ sở dữ liệu chưa được migration (MIGRATE_ON_START=false): chạy \`smartcity migrate\` bằng vai trò migration trước khi khởi động.\n` +
        `The database is not migrated (MIGRATE_ON_START=false): run \`smartcity migrate\` as the migration role before starting.\n` +
        `Còn thiếu / pending:\n${pending.map((name) => `  - ${name}`).join('\n')}`,
    );
    this.name = 'MigrationsPendingError';
  }
}
