import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../../server/app.ts';
import { Browser } from '../../server/modules/identity/identity.testing.ts';
import { expandTerm } from '../../server/modules/urban/index.ts';
import { systemActor } from '../../server/platform/auth/principal.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { createTestDatabase, type TestDatabase, testEngine } from '../support/database.ts';
import { completeAnswers } from '../support/forms.ts';
import { MOSQUITTO, NGINX, startMosquitto, startNginx } from '../support/proxies.ts';
import { freePort, launchServer, stopProcess } from '../support/server-process.ts';

/**
 * Issue 8: three app instances (`smartcity start`) share one PostgreSQL database and one Mosquitto
 * broker behind nginx. Under load — residents signing in and submitting applications, visitors
 * browsing, 30 devices publishing — one instance is killed (SIGKILL) and later restarted, as an
 * orchestrator would. User flows succeed (requests in flight are retried by the client, as a
 * browser's user or the web app would; nginx moves the rest to the live instances), no reading and
 * no dossier is lost, live updates reach watchers of every instance, and the scheduled jobs run once
 * per slot across the instances.
 */
const enabled = testEngine() === 'postgres' && NGINX !== null && MOSQUITTO !== null;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API, read as they come.
type Json = Record<string, any>;
type Instance = { port: number; dataDir: string; child: ChildProcess | null; output: string };

const DEVICES = 30;
const CITIZENS = 4;
const PROCEDURE = 'cap-nuoc-sach-sinh-hoat';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const LEVEL = expandTerm('currentLevel');

/** What the load saw, for the assertions and the report. */
const seen = {
  retried: 0,
  retriedErrors: new Set<string>(),
  failures: [] as string[],
  journeys: 0,
  browses: 0,
  submitted: new Set<string>(),
  acked: 0,
};

class Refused extends Error {}

/** One API call through nginx; a connection failure or 502/503/504 is retried, as a client should. */
async function call(
  base: string,
  headers: Record<string, string>,
  method: string,
  url: string,
  body?: unknown,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(20_000),
      });
      if ([502, 503, 504].includes(response.status) && attempt < 8) {
        seen.retried++;
        seen.retriedErrors.add(`${response.status}`);
        await sleep(250 * attempt);
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw new Refused(`${method} ${url} → ${response.status} ${text.slice(0, 300)}`);
      return (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Json;
    } catch (error) {
      if (error instanceof Refused || attempt >= 8) throw error;
      seen.retried++;
      seen.retriedErrors.add(
        (error as Error).cause ? String((error as Error).cause) : (error as Error).message,
      );
      await sleep(250 * attempt);
    }
  }
}

/** A resident signed in through the VNeID simulator and the city's sign-on, over HTTP through nginx. */
async function signIn(base: string, personalId: string): Promise<Record<string, string>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const browser = new Browser((url, init) =>
        fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(20_000) }),
      );
      const atPortal = (location: URL) =>
        location.origin === base && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);
      let page = await browser.navigate(`${base}/auth/login?method=vneid&returnTo=/ca-nhan`, {
        stopAt: atPortal,
      });
      page = await browser.submit(page, { q: personalId }, { pick: (form) => form.method === 'get' });
      await browser.submit(
        page,
        {},
        { pick: (form) => form.fields.personalId === personalId, stopAt: atPortal },
      );
      await browser.request(`${base}/api/session`);
      const session = browser.cookie('sc_session');
      const csrf = browser.cookie('sc_csrf');
      if (!session || !csrf) throw new Error(`no session for ${personalId}`);
      return { cookie: `sc_session=${session}; sc_csrf=${csrf}`, 'x-csrf-token': csrf };
    } catch (error) {
      // The whole sign-in is started again, as a person would after an error page.
      if (attempt >= 5) throw error;
      seen.retried++;
      seen.retriedErrors.add(`sign-in: ${(error as Error).message.slice(0, 120)}`);
      await sleep(500 * attempt);
    }
  }
}

/** Applies for the water connection: draft, consent (pre-fill), submit with the required PDF. */
async function apply(base: string, user: Record<string, string>) {
  const draft = await call(base, user, 'POST', '/api/services/drafts', {
    procedureCode: PROCEDURE,
    fresh: true,
  });
  const filled = await call(base, user, 'POST', `/api/services/drafts/${draft.id}/consent`, { accept: true });
  const attachments = (filled.form.attachments as Json[])
    .filter((attachment) => attachment.required === true)
    .map((attachment) => ({ key: attachment.key, filename: `${attachment.key}.pdf`, contentBase64: PDF }));
  // Submitting is idempotent: a retry after a lost answer returns the dossier the first try made.
  const submitted = await call(base, user, 'POST', `/api/services/drafts/${draft.id}/submit`, {
    answers: completeAnswers(filled),
    attachments,
  });
  return String(submitted.dossierId ?? submitted.id);
}

/** A device publishing one flood level every 500 ms at QoS 1; a reading counts once the broker acknowledged it. */
async function publishing(
  brokerUrl: string,
  id: string,
  topic: string,
  until: () => boolean,
  acked: string[],
) {
  const client: MqttClient = await mqtt.connectAsync(brokerUrl, {
    clientId: `mi-${id}`,
    reconnectPeriod: 500,
  });
  const start = Date.now() - 3_600_000;
  for (let i = 0; !until(); i++) {
    const observedAt = new Date(start + i * 1000).toISOString();
    await client.publishAsync(topic, JSON.stringify({ observedAt, currentLevel: (i % 50) / 100 }), {
      qos: 1,
    });
    acked.push(`${id}|${observedAt}`);
    seen.acked++;
    await sleep(500);
  }
  await client.endAsync();
}

/** Server-sent events of the public map, straight from one instance; collects what arrives. */
function watch(url: string) {
  const controller = new AbortController();
  let text = '';
  const done = (async () => {
    const response = await fetch(url, {
      signal: controller.signal,
      headers: { accept: 'text/event-stream' },
    });
    const reader = response.body!.getReader();
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      text += Buffer.from(value).toString('utf8');
    }
  })().catch(() => {});
  return { text: () => text, stop: () => controller.abort(), done };
}

describe.skipIf(!enabled)('three instances behind nginx, one killed under load', () => {
  let testDatabase: TestDatabase;
  let dir: string;
  let platform: Platform;
  let broker: Awaited<ReturnType<typeof startMosquitto>>;
  let proxy: Awaited<ReturnType<typeof startNginx>>;
  let residents: string[] = [];
  const devices: { id: string; topic: string; entityId: string }[] = [];
  const instances: Instance[] = [];
  let env: (instance: Instance) => NodeJS.ProcessEnv;

  const launch = async (instance: Instance) => {
    instance.child = await launchServer(
      env(instance),
      `http://127.0.0.1:${instance.port}`,
      (chunk) => {
        instance.output += chunk;
      },
      () => instance.output,
    );
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase({ prepared: true });
    dir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-multi-'));
    broker = await startMosquitto(dir);
    for (let i = 0; i < 3; i++) {
      const dataDir = path.join(dir, `instance-${i}`);
      await mkdir(dataDir);
      instances.push({ port: await freePort(), dataDir, child: null, output: '' });
    }
    proxy = await startNginx(
      dir,
      instances.map((instance) => instance.port),
    );
    env = (instance) => {
      const vars: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: testDatabase.url!,
        DATABASE_POOL_SIZE: '6',
        MQTT_URL: broker.url,
        PUBLIC_URL: proxy.url,
        TRUST_PROXY: '1', // one nginx in front
        DEMO_DATA: 'false',
        DATA_DIR: instance.dataDir,
        HOST: '127.0.0.1',
        PORT: String(instance.port),
        LOG_LEVEL: 'warn',
      };
      delete vars.NODE_ENV;
      return vars;
    };

    // The residents and devices, made through the platform's own services on the shared database.
    platform = await createPlatform(
      loadConfig({
        DATA_DIR: path.join(dir, 'setup'),
        LOG_LEVEL: 'silent',
        DEMO_DATA: 'false',
        PUBLIC_URL: proxy.url,
      }),
      { database: testDatabase.database },
    );
    await platform.prepare({ measure: false });
    await platform.population.ensureGenerated(300);
    residents = (await platform.population.searchResidents({ minLevel: 2, limit: CITIZENS + 2 })).map(
      (resident) => resident.personalId,
    );
    await platform.urban.ingest.ensurePartitions();
    const ward = (await platform.org.units({ kind: 'ward' }))[0]!.id;
    for (let i = 0; i < DEVICES; i++) {
      const { device } = await platform.urban.devices.create(systemActor('multi-instance-test'), {
        id: `mi-flood-${String(i).padStart(2, '0')}`,
        type: 'FloodMonitoring',
        domain: 'urban',
        unitId: ward,
        simulated: true,
      });
      devices.push({ id: device.id, topic: device.topic, entityId: device.entityId });
    }

    // The first instance alone applies what is pending; the others find the database ready.
    await launch(instances[0]!);
    await Promise.all(instances.slice(1).map(launch));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => stopProcess(instance.child, 'SIGKILL')));
    await proxy?.stop();
    await broker?.stop();
    await platform?.close();
    await testDatabase?.dispose().catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps serving, loses no reading or dossier, relays live updates and runs each job once', {
    timeout: 300_000,
  }, async () => {
    const base = proxy.url;
    const [first, victim, third] = instances as [Instance, Instance, Instance];

    // Live views: a watcher on each instance, directly.
    const watchers = instances.map((instance) =>
      watch(`http://127.0.0.1:${instance.port}/api/urban/public/map/stream`),
    );
    await sleep(1_500);

    // Residents sign in through nginx (sessions and sign-on state live in the database).
    const users = [];
    for (const personalId of residents.slice(0, CITIZENS)) users.push(await signIn(base, personalId));

    let stopping = false;
    const acked: string[] = [];
    const publishers = devices.map((device) =>
      publishing(broker.url, device.id, device.topic, () => stopping, acked),
    );
    const residentsLoop = users.map(async (user) => {
      while (!stopping) {
        try {
          seen.submitted.add(await apply(base, user));
          seen.journeys++;
        } catch (error) {
          seen.failures.push((error as Error).message);
        }
      }
    });
    const visitors = Array.from({ length: 2 }, async () => {
      while (!stopping) {
        try {
          await call(base, {}, 'GET', '/api/services/procedures?q=nuoc');
          await call(base, {}, 'GET', '/api/urban/public/map/devices');
          seen.browses++;
        } catch (error) {
          seen.failures.push((error as Error).message);
        }
        await sleep(100);
      }
    });

    // Every watcher hears readings whichever instance ingested them.
    await expect
      .poll(
        () => watchers.map((watcher) => devices.some((device) => watcher.text().includes(device.entityId))),
        {
          timeout: 20_000,
        },
      )
      .toEqual([true, true, true]);

    await sleep(6_000);
    const journeysBeforeKill = seen.journeys;
    await stopProcess(victim.child, 'SIGKILL');
    const killedAt = Date.now();
    // A resident signs in while the instance is down.
    users.push(await signIn(base, residents[CITIZENS]!));
    await sleep(12_000);
    const journeysWhileDown = seen.journeys - journeysBeforeKill;
    // The watchers of the live instances still hear new readings.
    const heard = [first, third].map((instance) => watchers[instances.indexOf(instance)]!.text().length);
    await expect
      .poll(() => [0, 2].map((at, i) => watchers[at]!.text().length > heard[i]!), { timeout: 10_000 })
      .toEqual([true, true]);

    // The orchestrator restarts it (same port, so the same MQTT session: what it had not
    // acknowledged, the broker delivers again).
    victim.output = '';
    await launch(victim);
    const downSeconds = Math.round((Date.now() - killedAt) / 1000);
    await sleep(6_000);
    stopping = true;
    await Promise.all([...publishers, ...residentsLoop, ...visitors]);
    for (const watcher of watchers) watcher.stop();

    // No reading lost, none twice.
    const db = testDatabase.database.db;
    const stored = async () =>
      (
        await sql<{ key: string }>`
          select split_part(entity_id, ':', 4) || '|' || to_char(observed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as key
          from urban.readings where attr = ${LEVEL}`.execute(db)
      ).rows.map((row) => row.key);
    await expect
      .poll(async () => (await stored()).length, { timeout: 60_000, interval: 1_000 })
      .toBeGreaterThanOrEqual(acked.length);
    const keys = await stored();
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(new Set(acked));

    // No dossier lost: every acknowledged submission is a stored, submitted dossier, and nothing else is.
    const dossiers = await sql<{ id: string; state: string }>`
      select id, state from services.dossiers`.execute(db);
    expect(new Set(dossiers.rows.map((row) => row.id))).toEqual(seen.submitted);
    expect(dossiers.rows.every((row) => row.state === 'submitted')).toBe(true);

    // User flows succeeded; the kill was felt (requests retried) and nginx used every instance.
    expect(seen.failures).toEqual([]);
    expect(journeysWhileDown).toBeGreaterThan(0);
    const log = await proxy.accessLog();
    for (const instance of instances)
      expect(log.some((line) => line.includes(`127.0.0.1:${instance.port}`))).toBe(true);

    // Each scheduled job was queued once per slot across the three instances, and the every-minute
    // ones did run during the test.
    const runs = await sql<{ name: string; minute: Date; runs: number }>`
      select name, date_trunc('minute', created_on) as minute, count(*)::int as runs
      from (select name, created_on from pgboss.job union all select name, created_on from pgboss.archive) jobs
      where name in (select name from pgboss.schedule)
      group by name, date_trunc('minute', created_on)`.execute(db);
    expect(runs.rows.filter((row) => row.runs > 1)).toEqual([]);
    expect(runs.rows.some((row) => row.name === 'urban.alerts.silence')).toBe(true);

    console.info(
      `multi-instance: ${instances.length} instances behind nginx; instance :${victim.port} killed for ${downSeconds} s; ` +
        `${seen.journeys} applications submitted (${journeysWhileDown} while it was down), ${seen.browses} browses, ` +
        `${acked.length} readings acknowledged = stored once each; ${seen.retried} client retries (${[...seen.retriedErrors].slice(0, 4).join('; ')})`,
    );
  });
});
