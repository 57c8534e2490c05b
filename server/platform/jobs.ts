import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';

/**
 * Background jobs on the database (pg-boss), the same way in both modes: in embedded mode pg-boss
 * talks to PGlite through the platform's connection queue, with PostgreSQL through the pool. Any
 * instance may take a job; a schedule fires once per slot across all instances.
 */
export type JobHandler<T> = (data: T) => Promise<void>;

type Definition = { handler: JobHandler<unknown>; cron?: string };

export type Jobs = {
  /** Declare a job (before `start`). `cron` (Hanoi time) makes it recurring. */
  define<T extends object>(name: string, handler: JobHandler<T>, options?: { cron?: string }): void;
  /** Queue a job; with `singletonKey`, at most one queued job per key. Needs `start` first. */
  send<T extends object>(
    name: string,
    data: T,
    options?: { startAfter?: Date; singletonKey?: string },
  ): Promise<string | null>;
  /** Run a job's handler now, in this process (the CLI and tests). */
  runNow<T extends object>(name: string, data: T): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly names: string[];
  /** The queue runs in this process (between `start` and `stop`). */
  readonly started: boolean;
};

const QUEUE_NAME = /^[a-z][a-z0-9_.-]{2,80}$/;

export function createJobs(database: Database, log: Logger): Jobs {
  const definitions = new Map<string, Definition>();
  let boss: PgBoss | null = null;

  return {
    get names() {
      return [...definitions.keys()];
    },

    get started() {
      return boss !== null;
    },

    define(name, handler, options = {}) {
      if (!QUEUE_NAME.test(name)) throw new Error(`Invalid job name ${name}`);
      if (definitions.has(name)) throw new Error(`Job ${name} is defined twice`);
      if (boss) throw new Error(`Job ${name} defined after the queue started`);
      definitions.set(name, { handler: handler as JobHandler<unknown>, cron: options.cron });
    },

    async send(name, data, options = {}) {
      if (!definitions.has(name)) throw new Error(`Unknown job ${name}`);
      if (!boss) throw new Error('The job queue is not started');
      return boss.send(name, data, {
        ...(options.startAfter ? { startAfter: options.startAfter } : {}),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        retryLimit: 3,
        retryBackoff: true,
      });
    },

    async runNow(name, data) {
      const definition = definitions.get(name);
      if (!definition) throw new Error(`Unknown job ${name}`);
      await definition.handler(data);
    },

    async start() {
      if (boss) return;
      boss = new PgBoss({
        db: { executeSql: (text, values) => database.executeSql(text, values) },
        schema: 'pgboss',
        supervise: true,
        schedule: true,
      });
      boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
      await boss.start();
      for (const [name, definition] of definitions) {
        await boss.createQueue(name);
        await boss.work(name, { pollingIntervalSeconds: 2 }, async (jobs) => {
          for (const job of jobs) {
            try {
              await definition.handler(job.data);
            } catch (error) {
              log.error({ err: error, job: name, id: job.id }, 'job failed');
              throw error;
            }
          }
        });
        if (definition.cron) await boss.schedule(name, definition.cron, {}, { tz: 'Asia/Ho_Chi_Minh' });
      }
    },

    async stop() {
      if (!boss) return;
      const stopping = boss;
      boss = null;
      await stopping.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
