import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { createPlatform } from '../server/app.ts';
import { DEMO_PASSWORD, demoOfficials } from '../server/demo/officials.ts';
import { expandTerm } from '../server/modules/urban/terms.ts';
import { systemActor } from '../server/platform/auth/principal.ts';
import { loadConfig } from '../server/platform/config.ts';
import { startMosquitto } from '../test/support/proxies.ts';
import { freePort, launchServer, stopProcess } from '../test/support/server-process.ts';
import type { Device, DevicesAnswer, DevicesTask } from './load.devices.ts';
import { type FlowResult, type HttpAnswer, type HttpTask, latencyOf, type Rates } from './load.http.ts';
import { busyShare, childLoad, cpuTimes, ratio, scratchDatabase, writeResult } from './support.ts';

/**
 * The mixed load of issue 8 ("Load"): the real server (`smartcity start`, PostgreSQL, demo data,
 * ingest worker on an external Mosquitto) as a process of its own, driven for `--seconds` (default
 * 600) by two more processes: residents browsing and submitting, case officers reviewing,
 * open-data clients and the bare route over HTTP (bench/load.http.ts), and `--devices` registered
 * devices (default 5,000) publishing QoS 1 readings every `--publish-every` seconds (default 60)
 * over MQTT (bench/load.devices.ts). Arrival rates are fixed (open loop, see RATES). Reported per
 * flow: requests/s, p50/p95/p99, errors with the first distinct messages; for the devices, ingest
 * lag (publish → the worker's `received_at` for every reading; publish → visible by primary-key
 * look-up for 1 in 50) and a check that every acknowledged reading is stored. Two officer sessions
 * (the same case officer signed in twice: the only one of the water procedure's agency) share the
 * reviews. Baseline, same run: `GET /api/health`
 * alone at the mix's total request rate, before the mix; its p99 is the unit of the ratios.
 * Demo/synthetic data only. PostgreSQL only (DATABASE_URL; a scratch database, dropped afterwards).
 */
const DEFAULT_SECONDS = 600;
const DEFAULT_DEVICES = 5_000;
const DEFAULT_PUBLISH_EVERY_S = 60;
/** Devices registered through the registry service; the rest are cloned from them (see the set-up). */
const TEMPLATE_DEVICES = 20;
const RESIDENTS = 50;
/** Case officers of the Department of Construction, which handles the water connection. */
const OFFICIALS = ['baocao.soxd', 'baocao.soxd'];
const PROCEDURE = 'cap-nuoc-sach-sinh-hoat';
const PLAN = 'kh-239-2023';
/**
 * Arrivals per second, chosen for 2 cores shared by the server, PostgreSQL, Mosquitto and the load
 * generators: about 20 HTTP requests/s in all next to the devices' messages.
 */
const RATES: Rates = { browse: 8, submit: 0.5, review: 0.5, openData: 1.5, health: 2 };
/** Requests per journey of each flow (for the baseline's rate: the mix's total request rate). */
const REQUESTS_PER_JOURNEY: Record<keyof Rates, number> = {
  browse: 1,
  submit: 4,
  review: 3,
  openData: 3,
  health: 1,
};
const FLOW_NAMES: Record<keyof Rates, string> = {
  browse: '(1) residents browsing',
  submit: '(2) residents submitting',
  review: '(3) officials reviewing',
  openData: '(4) open-data API clients',
  health: 'bare route under the mix',
};

/** Where device i stands: scattered over central Hanoi, so the public map shows them. */
const lonOf = (i: number) => Math.round((105.75 + ((i * 7919) % 1000) / 5000) * 1e5) / 1e5;
const latOf = (i: number) => Math.round((20.95 + ((i * 104729) % 1000) / 6000) * 1e5) / 1e5;

/** `--name N` or `--name=N` (bench/run.ts knows the spaced forms as valued flags). */
function numberOption(name: string, fallback: number) {
  const args = process.argv;
  const inline = args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
  const index = args.indexOf(name);
  const raw = inline ?? (index >= 0 ? args[index + 1] : undefined);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}
const stringOption = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
async function processCpuS(pid: number | undefined) {
  if (!pid) return null;
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export async function loadBenchmark(options: {
  seconds: number;
  devices: number;
  publishEveryS: number;
  mqttUrl?: string;
}) {
  if (options.devices > 99_999) throw new Error('--devices: at most 99,999 (device ids have five digits)');
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.log('skipped: the load benchmark needs PostgreSQL (DATABASE_URL)');
    return null;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-bench-load-'));
  const broker = options.mqttUrl
    ? { url: options.mqttUrl, kind: 'given broker', stop: () => {} }
    : { ...(await startMosquitto(dir)), kind: 'private mosquitto' };
  const scratch = await scratchDatabase(adminUrl, 'sc_bench_load');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: scratch.url,
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    MQTT_URL: broker.url,
    INGEST_ENABLED: 'true',
  };
  // Demo data is refused in production; this is a benchmark on demo data.
  delete env.NODE_ENV;
  let output = '';
  let server: ChildProcess | null = null;
  const http = childLoad<HttpTask, HttpAnswer>(new URL('./load.http.ts', import.meta.url));
  const mqttDevices = childLoad<DevicesTask, DevicesAnswer | null>(
    new URL('./load.devices.ts', import.meta.url),
  );
  try {
    // ——— set-up in this process: demo data, the devices (through the registry), the residents ———
    const setupStarted = performance.now();
    const platform = await createPlatform(
      loadConfig({ ...(env as Record<string, string>), LOG_LEVEL: 'silent', INGEST_ENABLED: 'false' }),
    );
    const devices: Device[] = [];
    let personalIds: string[] = [];
    let registerS = 0;
    try {
      await platform.prepare();
      const wards = (await platform.org.units({ kind: 'ward' })).map((unit) => unit.id);
      const registerStarted = performance.now();
      const idOf = (i: number) => `load-air-${String(i).padStart(5, '0')}`;
      // A few through the registry service (validated, audited; each hashes its MQTT secret with
      // argon2, tens of ms), then the rest cloned from them in one SQL statement per table: 5,000
      // creations through the service took 4–6 min on this shared machine. Clones are the same rows
      // (their template's unit, owner and secret hash) without audit entries; the private broker
      // lets devices in without a password, as an external broker's own ACLs would.
      const templates = Math.min(options.devices, TEMPLATE_DEVICES);
      for (let i = 0; i < templates; i++) {
        const { device } = await platform.urban.devices.create(systemActor('bench:load'), {
          id: idOf(i),
          type: 'AirQualityObserved',
          domain: 'environment',
          unitId: wards[i % wards.length]!,
          lon: lonOf(i),
          lat: latOf(i),
          simulated: true,
        });
        devices[i] = { id: device.id, topic: device.topic, entityId: device.entityId };
      }
      if (options.devices > templates) {
        const first = devices[0]!;
        const entityPrefix = first.entityId.slice(0, -first.id.length);
        const client = new pg.Client({ connectionString: scratch.url });
        await client.connect();
        try {
          // The coordinates as lonOf/latOf compute them; n is bigint so n × 104,729 cannot overflow.
          const clones = `from generate_series($1::bigint, $2::bigint - 1) n
            cross join lateral (select 'load-air-' || lpad(n::text, 5, '0') as id,
              'load-air-' || lpad((n % $1)::text, 5, '0') as template,
              round((105.75 + ((n * 7919) % 1000) / 5000.0)::numeric, 5)::float8 as lon,
              round((20.95 + ((n * 104729) % 1000) / 6000.0)::numeric, 5)::float8 as lat) c`;
          await client.query('begin');
          await client.query(
            `insert into urban.entities (id, type, attrs, location, lon, lat, simulated, created_at, modified_at)
             select $3 || c.id, e.type, e.attrs, jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(c.lon, c.lat)),
               c.lon, c.lat, e.simulated, now(), now()
             ${clones} join urban.entities e on e.id = $3 || c.template`,
            [templates, options.devices, entityPrefix],
          );
          await client.query(
            `insert into urban.devices (id, domain, entity_id, entity_type, owner_agency_id, unit_id, lon, lat,
               installed_on, status, secret_hash, simulated, created_at, updated_at)
             select c.id, d.domain, $3 || c.id, d.entity_type, d.owner_agency_id, d.unit_id, c.lon, c.lat,
               d.installed_on, d.status, d.secret_hash, d.simulated, now(), now()
             ${clones} join urban.devices d on d.id = c.template`,
            [templates, options.devices, entityPrefix],
          );
          await client.query('commit');
        } finally {
          await client.end();
        }
        for (let i = templates; i < options.devices; i++)
          devices[i] = {
            id: idOf(i),
            topic: first.topic.replace(first.id, idOf(i)),
            entityId: `${entityPrefix}${idOf(i)}`,
          };
      }
      // The registry reads the clones as it reads any device: the last one, as the bench addresses it.
      const last = devices[options.devices - 1]!;
      const read = await platform.urban.devices.get(systemActor('bench:load'), last.id);
      if (read.topic !== last.topic || read.entityId !== last.entityId || read.status !== 'active')
        throw new Error(`device ${last.id} reads back as ${JSON.stringify(read)}`);
      registerS = (performance.now() - registerStarted) / 1000;
      personalIds = (await platform.population.searchResidents({ minLevel: 2, limit: RESIDENTS })).map(
        (resident) => resident.personalId,
      );
    } finally {
      await platform.close();
    }

    // ——— the server as its own process ———
    server = await launchServer(
      env,
      base,
      (chunk) => {
        output = (output + chunk).slice(-20_000);
      },
      () => output,
    );
    const officials = OFFICIALS.map((username) => {
      const demo = demoOfficials.find((official) => official.username === username)!;
      return { username, password: DEMO_PASSWORD, totpSecret: demo.totpSecret };
    });
    const signedIn = await http.ask({ kind: 'sign-in', base, residents: personalIds, officials });
    await mqttDevices.ask({ kind: 'connect', url: broker.url, devices });
    const setupS = (performance.now() - setupStarted) / 1000;

    // ——— baseline: the bare route alone, at the mix's total request rate ———
    const mixRate = (Object.keys(RATES) as (keyof Rates)[]).reduce(
      (sum, flow) => sum + RATES[flow] * REQUESTS_PER_JOURNEY[flow],
      0,
    );
    const baselineSeconds = Math.min(60, Math.max(10, Math.round(options.seconds / 10)));
    const baseline = (await http.ask({ kind: 'baseline', base, seconds: baselineSeconds, rate: mixRate }))
      .flows.health!;

    // ——— the mix ———
    const machine = cpuTimes();
    const serverCpuBefore = await processCpuS(server.pid);
    const mixStarted = new Date();
    const pm25 = expandTerm('pm25');
    const [mix, published] = await Promise.all([
      http.ask({
        kind: 'mixed',
        base,
        seconds: options.seconds,
        rates: RATES,
        procedure: PROCEDURE,
        plan: PLAN,
      }),
      mqttDevices.ask({
        kind: 'publish',
        seconds: options.seconds,
        intervalS: options.publishEveryS,
        sampleEvery: 50,
        databaseUrl: scratch.url,
        sampleAttr: pm25,
      }) as Promise<DevicesAnswer>,
    ]);
    const serverCpuS = (await processCpuS(server.pid)) ?? 0;
    const machineBusy = busyShare(machine);
    const loadAverage = os.loadavg().map((n) => Math.round(n * 100) / 100);

    // ——— every acknowledged reading stored? (waits up to 60 s for the worker to drain) ———
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const expected = published.acknowledged.length;
    const storedQuery = () =>
      client.query<{ entity_id: string; observed_at: Date; received_at: Date }>(
        `select entity_id, observed_at, received_at from urban.readings
          where attr = $1 and observed_at >= $2 and entity_id like 'urn:ngsi-ld:AirQualityObserved:load-air-%'`,
        [pm25, mixStarted],
      );
    let stored = await storedQuery();
    for (let waited = 0; stored.rows.length < expected && waited < 60; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      stored = await storedQuery();
    }
    const deadLetters = Number(
      (
        await client.query(
          `select count(*) from urban.dead_letters where received_at >= $1 and topic like 'hanoi/environment/load-air-%'`,
          [mixStarted],
        )
      ).rows[0].count,
    );
    const readingsPerMessage = Number(
      (
        await client.query(
          `select count(*)::float / greatest(1, count(distinct (entity_id, observed_at))) as n from urban.readings
            where observed_at >= $1 and entity_id like 'urn:ngsi-ld:AirQualityObserved:load-air-%'`,
          [mixStarted],
        )
      ).rows[0].n,
    );
    await client.end();
    const storedKeys = new Map(
      stored.rows.map((row) => [`${row.entity_id}|${row.observed_at.getTime()}`, row.received_at.getTime()]),
    );
    const lags: number[] = [];
    // Lag by sixth of the run (by publish time): a lag that keeps growing is a worker falling behind.
    const sixths: number[][] = Array.from({ length: 6 }, () => []);
    let missing = 0;
    const missingExamples: string[] = [];
    for (const [index, at] of published.acknowledged) {
      const receivedAt = storedKeys.get(`${devices[index]!.entityId}|${at}`);
      if (receivedAt === undefined) {
        missing++;
        if (missingExamples.length < 3)
          missingExamples.push(`${devices[index]!.id} @ ${new Date(at).toISOString()}`);
      } else {
        lags.push(receivedAt - at);
        const sixth = Math.floor(((at - mixStarted.getTime()) / (options.seconds * 1000)) * 6);
        sixths[Math.min(5, Math.max(0, sixth))]!.push(receivedAt - at);
      }
    }
    const deviceErrors =
      published.failed + published.unacknowledged + missing + published.notVisible + deadLetters;
    const devicesResult = {
      devices: options.devices,
      publishEveryS: options.publishEveryS,
      offeredMessagesPerSecond: Math.round((options.devices / options.publishEveryS) * 10) / 10,
      published: published.published,
      acknowledged: expected,
      messagesPerSecond: Math.round((expected / options.seconds) * 10) / 10,
      readingsPerMessage: Math.round(readingsPerMessage * 100) / 100,
      stored: expected - missing,
      missing,
      missingExamples,
      failed: published.failed,
      unacknowledged: published.unacknowledged,
      deadLetters,
      lagToReceiptMs: latencyOf(lags),
      lagToReceiptBySixthMs: sixths.map((sixth) => latencyOf(sixth)),
      lagToVisibleMs: { ...latencyOf(published.visibleMs), notVisibleIn60s: published.notVisible },
      errors: deviceErrors,
      errorMessages: published.errors,
      publisherCpuMs: Math.round(published.cpuMs),
    };

    const unit = baseline.latencyMs.p99 || 1;
    const flows = Object.fromEntries(
      (Object.keys(RATES) as (keyof Rates)[]).map((name) => {
        const flow = mix.flows[name] as FlowResult;
        return [
          name,
          {
            ...flow,
            offeredPerSecond: RATES[name],
            p99ToBaselineP99: ratio(flow.latencyMs.p99, unit),
            p50ToBaselineP50: ratio(flow.latencyMs.p50, baseline.latencyMs.p50 || 1),
          },
        ];
      }),
    );
    const httpErrors = Object.values(flows).reduce((sum, flow) => sum + flow.errors, 0);
    const result = {
      benchmark: 'load',
      database: 'postgres',
      note: 'Dữ liệu minh họa và tổng hợp / demo and synthetic data (demo officials, synthetic residents, simulated devices)',
      seconds: options.seconds,
      cores: os.cpus().length,
      broker: { kind: broker.kind, url: broker.url },
      server:
        'smartcity start (separate process), DEMO_DATA=true, ingest worker on the broker (shared subscription)',
      loadGenerators:
        'two child processes: HTTP (open-loop Poisson arrivals, 30 s time-out) and MQTT devices',
      setup: {
        seconds: Math.round(setupS),
        registerDevicesSeconds: Math.round(registerS),
        devicesThroughRegistry: Math.min(options.devices, TEMPLATE_DEVICES),
        devicesClonedInSql: Math.max(0, options.devices - TEMPLATE_DEVICES),
        residentsSignedIn: signedIn.signedIn?.residents,
        officialSessions: signedIn.signedIn?.officials,
      },
      rates: RATES,
      offeredHttpRequestsPerSecond: mixRate,
      baseline: { route: 'GET /api/health alone', seconds: baselineSeconds, rate: mixRate, ...baseline },
      flows,
      devices: devicesResult,
      serverCpuSeconds:
        serverCpuBefore === null ? null : Math.round((serverCpuS - serverCpuBefore) * 10) / 10,
      httpLoadGeneratorCpuMs: Math.round(mix.cpuMs),
      machineBusyShare: machineBusy,
      loadAverage,
      errors: httpErrors + deviceErrors,
      goalZeroErrors: httpErrors + deviceErrors === 0 ? 'met' : 'NOT met',
    };

    const ms = (l: { p50: number; p95: number; p99: number }) =>
      `p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} ms`;
    const lines = [
      `postgres, ${broker.kind}, ${options.seconds} s, ${os.cpus().length} cores — demo/synthetic data`,
      `  set-up ${result.setup.seconds} s (registering ${options.devices.toLocaleString('en')} devices, ${Math.min(options.devices, TEMPLATE_DEVICES)} through the registry and the rest cloned: ${result.setup.registerDevicesSeconds} s); ${signedIn.signedIn?.residents} residents and ${signedIn.signedIn?.officials} officer sessions signed in`,
      `  baseline GET /api/health alone at ${mixRate} req/s for ${baselineSeconds} s: ${ms(baseline.latencyMs)} (${baseline.requests} requests, ${baseline.errors} errors)`,
    ];
    for (const name of Object.keys(RATES) as (keyof Rates)[]) {
      const flow = flows[name]!;
      lines.push(
        `  ${FLOW_NAMES[name]} — ${RATES[name]} arrivals/s: ${flow.requestsPerSecond} req/s, ${ms(flow.latencyMs)} → p99 ${flow.p99ToBaselineP99}× baseline p99; ${flow.completed}/${flow.arrivals} journeys done, errors ${flow.errors}${
          Object.keys(flow.counts).length
            ? `; ${Object.entries(flow.counts)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}`
            : ''
        }`,
      );
      for (const [step, l] of Object.entries(flow.steps)) lines.push(`      ${step}: ${ms(l)} (${l.count})`);
      for (const message of flow.errorMessages) lines.push(`      error: ${message}`);
    }
    const d = devicesResult;
    lines.push(
      `  (5) devices — ${d.devices.toLocaleString('en')} publishing every ${d.publishEveryS} s (${d.offeredMessagesPerSecond} msg/s offered): ${d.messagesPerSecond} msg/s acknowledged, ${d.acknowledged} messages (${d.readingsPerMessage} readings each); stored ${d.stored}, missing ${d.missing}, failed ${d.failed}, unacknowledged ${d.unacknowledged}, dead letters ${d.deadLetters}`,
      `      lag publish → worker receipt (received_at): ${ms(d.lagToReceiptMs)} (${d.lagToReceiptMs.count})`,
      `      by sixth of the run, p50 / p99: ${d.lagToReceiptBySixthMs.map((l) => `${l.p50} / ${l.p99}`).join(' · ')} ms`,
      `      lag publish → visible in urban.readings (1 in 50 sampled): ${ms(d.lagToVisibleMs)} (${d.lagToVisibleMs.count}; not visible in 60 s: ${d.lagToVisibleMs.notVisibleIn60s})`,
    );
    for (const message of [...d.errorMessages, ...d.missingExamples.map((m) => `missing ${m}`)])
      lines.push(`      error: ${message}`);
    lines.push(
      `  server CPU ${result.serverCpuSeconds} s over ${options.seconds} s; machine busy ${machineBusy}; load average ${loadAverage.join(', ')}`,
      `  errors: ${result.errors} (goal: zero errors — ${result.goalZeroErrors})`,
    );
    console.log(lines.join('\n'));
    return result;
  } finally {
    http.close();
    mqttDevices.close();
    await stopProcess(server, 'SIGTERM');
    if (options.mqttUrl) {
      // A given broker keeps the worker's persistent session: leave none queuing messages after the run.
      const clientId = `smartcity-ingest-${os.hostname()}-${port}`.slice(0, 120);
      await mqtt
        .connectAsync(broker.url, { clientId, clean: true, reconnectPeriod: 0 })
        .then((client) => client.endAsync())
        .catch(() => {});
    }
    broker.stop();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function main(seconds = DEFAULT_SECONDS) {
  const result = await loadBenchmark({
    seconds,
    devices: Math.round(numberOption('--devices', DEFAULT_DEVICES)),
    publishEveryS: numberOption('--publish-every', DEFAULT_PUBLISH_EVERY_S),
    mqttUrl: stringOption('--mqtt-url') ?? process.env.BENCH_MQTT_URL,
  });
  if (result) console.log(`→ ${await writeResult('load', result)}`);
}
