import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { AuditLog } from './audit/audit.ts';
import type { Clock } from './clock.ts';
import type { AppConfig } from './config.ts';
import type { Database } from './db/database.ts';
import type { Migration } from './db/migrator.ts';
import type { FileStore } from './files.ts';
import type { Jobs } from './jobs.ts';
import type { Notifier } from './notify.ts';
import type { DependencyCheck } from './observability/readiness.ts';
import type { Telemetry } from './observability/telemetry.ts';

/** What the composition root hands every module. */
export type PlatformContext = {
  config: AppConfig;
  database: Database;
  audit: AuditLog;
  log: Logger;
  clock: Clock;
  jobs: Jobs;
  files: FileStore;
  notify: Notifier;
  /** The platform instance's metrics registry (docs/observability.md). */
  telemetry: Telemetry;
};

/**
 * The one door of a module as the composition root sees it: its schema's migrations, its HTTP
 * routes and its demo seed. The typed service a module offers to other modules is exported beside.
 */
export type PlatformModule = {
  /** Also the module's Postgres schema. */
  name: string;
  migrations: Migration[];
  routes?: FastifyPluginAsync;
  /** Creates the module's demo data; must be idempotent (it runs on every start with demo data on). */
  seedDemo?: () => Promise<void>;
  /** Long-running parts (an MQTT broker, a worker): started by `smartcity start`, never by tests that do not ask. */
  start?: () => Promise<void>;
  /** Stops what `start` started; safe to call when it was not started. */
  stop?: () => Promise<void>;
  /** What `/api/ready` should check of the parts `start` started (none when not started). */
  ready?: () => Record<string, DependencyCheck>;
};
