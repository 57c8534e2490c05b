import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The platform's configuration, read once from environment variables at boot.
 * Invalid values stop start-up with a message naming the variable (see `loadConfig`).
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Which proxies to believe about the client's address (X-Forwarded-For) and protocol: none
 * (`false`), every hop (`true` — only when nothing else can reach the app, since a client can
 * prepend addresses of its own), a number of proxy hops in front of the app (`1` behind one
 * nginx), or the proxies' addresses and CIDR ranges (`10.0.0.5,10.1.0.0/16`).
 */
export type TrustProxy = boolean | number | string[];

const isAddressOrRange = (entry: string) => {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
};

const trustProxySchema = z.string().transform((raw, context): TrustProxy => {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === 'yes') return true;
  if (value === 'false' || value === 'no' || value === '0' || value === '') return false;
  // A number is hops: "1" (which once meant "every hop") trusts the one proxy in front.
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every(isAddressOrRange)) return entries;
  context.addIssue({
    code: 'custom',
    message: 'true, false, a number of proxy hops (1–99), or proxy addresses/CIDR ranges separated by commas',
  });
  return z.NEVER;
});

/** The same trust for Koa apps (the OpenID providers): `proxy` on, and how many hops to read. */
export function koaProxySettings(trust: TrustProxy): { proxy: boolean; maxIpsCount: number } {
  return { proxy: trust !== false, maxIpsCount: typeof trust === 'number' ? trust : 0 };
}

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MIGRATE_ON_START: booleanFlag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: booleanFlag.optional(),
  DEMO_POPULATION: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: trustProxySchema.default(false),
  VNEID_ISSUER: z.string().url().optional(),
  VNEID_CLIENT_ID: z.string().min(1).optional(),
  VNEID_CLIENT_SECRET: z.string().min(1).optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  SMTP_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:\/\//.test(value), 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Nền tảng đô thị thông minh Hà Nội <no-reply@localhost>'),
  SMS_GATEWAY_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), 'must start with https:// or http://')
    .optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  DRAFT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // Two years, so the sign-in indicators can still be compared with the same period a year before.
  SIGN_IN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
  CLOCK_OFFSET_FILE: z.string().min(1).optional(),
  MQTT_URL: z
    .string()
    .url()
    .refine((value) => /^mqtts?:\/\//.test(value), 'must start with mqtt:// or mqtts://')
    .optional(),
  MQTT_EMBEDDED_PORT: z.coerce.number().int().min(0).max(65535).default(1884),
  INGEST_ENABLED: booleanFlag.default(true),
  NGSI_NOTIFY_ALLOWED_HOSTS: z
    .string()
    .regex(
      /^[A-Za-z0-9.:_-]+(,[A-Za-z0-9.:_-]+)*$/,
      'must be a comma-separated list of host names or addresses',
    )
    .optional(),
  METRICS_TOKEN: z
    .string()
    .regex(
      /^[A-Za-z0-9._~+/-]{32,256}=*$/,
      'must be 32 to 256 characters of letters, digits and . _ ~ + / - (e.g. `openssl rand -base64 32`)',
    )
    .optional(),
  BROKER_AUTH_TOKEN: z
    .string()
    .regex(
      /^[A-Za-z0-9._~+/-]{32,256}=*$/,
      'must be 32 to 256 characters of letters, digits and . _ ~ + / - (e.g. `openssl rand -base64 32`)',
    )
    .optional(),
});

export type AppConfig = {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Base URL the platform is reached at; the OIDC issuer is `${publicUrl}/oidc`. */
  publicUrl: string;
  dataDir: string;
  database: { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string; poolSize: number };
  /**
   * `start` applies pending migrations (default). False: an application role without DDL rights;
   * start refuses to serve while migrations are pending (`smartcity migrate` as the migration role).
   */
  migrateOnStart: boolean;
  logLevel: string;
  /** Create demo data for Hanoi on first start (default: on in embedded mode, off with PostgreSQL). */
  demoData: boolean;
  demoPopulation: number;
  sessionSecret: string | null;
  trustProxy: TrustProxy;
  /** Upstream VNeID provider; when absent the built-in, plainly labelled simulator is used. */
  vneid: { issuer: string; clientId: string; clientSecret: string } | null;
  login: { maxFailures: number; lockMinutes: number };
  /** Outgoing e-mail; without SMTP the mail stays in the local outbox the console shows. */
  mail: { smtpUrl: string | null; from: string };
  /** Outgoing SMS through an HTTP gateway (bearer token); without it SMS stays in the local outbox. */
  sms: { url: string; token: string } | null;
  /** Days after which the pre-filled data of a draft never submitted is purged. */
  draftRetentionDays: number;
  /**
   * Days after which the daily retention jobs delete inbox notifications, outbox messages already
   * sent or finally failed (never pending ones), and sign-in records (docs/personal-data.md).
   */
  retention: { notificationDays: number; outboxDays: number; signInDays: number };
  /**
   * Tests and training only (refused in production): a file holding milliseconds to add to the
   * platform's clock, re-read when it changes, so a deadline can be walked through in minutes.
   */
  clockOffsetFile: string | null;
  /**
   * MQTT ingestion: `url` is an external broker (shared subscription); without it the embedded
   * broker listens on 127.0.0.1:`embeddedPort` (0: any free port). `ingestEnabled` false runs no
   * broker and no worker in this instance.
   */
  mqtt: { url: string | null; embeddedPort: number; ingestEnabled: boolean };
  /** Hosts NGSI-LD notifications may reach even when they are private or loopback (production refuses those otherwise). */
  ngsiNotifyAllowedHosts: string[];
  /** Bearer token `/metrics` requires; without it only loopback requests may read the metrics. */
  metricsToken: string | null;
  /** The token an external MQTT broker presents to /api/urban/broker/* (device authentication); null: off. */
  brokerAuthToken: string | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Cấu hình không hợp lệ / Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const relevant = Object.fromEntries(
    Object.keys(environmentSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}=${JSON.stringify(relevant[String(issue.path[0])])}: ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  const vneidKeys = [e.VNEID_ISSUER, e.VNEID_CLIENT_ID, e.VNEID_CLIENT_SECRET];
  if (vneidKeys.some(Boolean) && !vneidKeys.every(Boolean)) {
    throw new ConfigError([
      'VNEID_ISSUER, VNEID_CLIENT_ID and VNEID_CLIENT_SECRET must be set together (or none, to use the simulator)',
    ]);
  }
  if (Boolean(e.SMS_GATEWAY_URL) !== Boolean(e.SMS_GATEWAY_TOKEN)) {
    throw new ConfigError([
      'SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN must be set together (or neither, to keep SMS in the local outbox)',
    ]);
  }
  if (e.CLOCK_OFFSET_FILE && e.NODE_ENV === 'production') {
    throw new ConfigError([
      'CLOCK_OFFSET_FILE: a shifted clock is for tests and training; it is refused when NODE_ENV=production',
    ]);
  }
  const demoData = e.DEMO_DATA ?? !e.DATABASE_URL;
  if (e.NODE_ENV === 'production') {
    // Demo officials share a published password, and the VNeID simulator lets anyone sign in as any
    // resident: neither may ever run on a real deployment (docs/security.md).
    const refused: string[] = [];
    if (demoData)
      refused.push(
        'DEMO_DATA: demo data (officials with a published password) is refused when NODE_ENV=production; set DEMO_DATA=false',
      );
    if (!e.VNEID_ISSUER)
      refused.push(
        'VNEID_ISSUER: the VNeID simulator is refused when NODE_ENV=production; set VNEID_ISSUER, VNEID_CLIENT_ID and VNEID_CLIENT_SECRET',
      );
    if (refused.length > 0) throw new ConfigError(refused);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const loopback = ['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'].includes(e.HOST);
  const publicUrl = (e.PUBLIC_URL ?? `http://${loopback ? 'localhost' : e.HOST}:${e.PORT}`).replace(
    /\/$/,
    '',
  );
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    migrateOnStart: e.MIGRATE_ON_START,
    logLevel: e.LOG_LEVEL,
    demoData,
    demoPopulation: e.DEMO_POPULATION,
    sessionSecret: e.SESSION_SECRET ?? null,
    trustProxy: e.TRUST_PROXY,
    vneid: e.VNEID_ISSUER
      ? { issuer: e.VNEID_ISSUER, clientId: e.VNEID_CLIENT_ID!, clientSecret: e.VNEID_CLIENT_SECRET! }
      : null,
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES },
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM },
    sms: e.SMS_GATEWAY_URL ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN! } : null,
    draftRetentionDays: e.DRAFT_RETENTION_DAYS,
    retention: {
      notificationDays: e.NOTIFICATION_RETENTION_DAYS,
      outboxDays: e.OUTBOX_RETENTION_DAYS,
      signInDays: e.SIGN_IN_RETENTION_DAYS,
    },
    clockOffsetFile: e.CLOCK_OFFSET_FILE ? path.resolve(e.CLOCK_OFFSET_FILE) : null,
    mqtt: { url: e.MQTT_URL ?? null, embeddedPort: e.MQTT_EMBEDDED_PORT, ingestEnabled: e.INGEST_ENABLED },
    ngsiNotifyAllowedHosts: e.NGSI_NOTIFY_ALLOWED_HOSTS ? e.NGSI_NOTIFY_ALLOWED_HOSTS.split(',') : [],
    metricsToken: e.METRICS_TOKEN ?? null,
    brokerAuthToken: e.BROKER_AUTH_TOKEN ?? null,
  };
}
