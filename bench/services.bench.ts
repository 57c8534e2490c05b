import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPlatform } from '../server/app.ts';
import { Browser } from '../server/modules/identity/identity.testing.ts';
import { createSelfFetch } from '../server/modules/identity/self-fetch.ts';
import { loadConfig } from '../server/platform/config.ts';
import type { LoadAnswer, LoadTask } from './services.load.ts';
import { childLoad, ratio, scratchDatabase, writeResult } from './support.ts';

/**
 * Online public services under 50 concurrent citizens, through the real HTTP API. Each citizen holds
 * a building permit issued (signed) by the Department of Construction and has filed one unmeasured
 * water-connection application, so the form draws on all three data providers: the population
 * registry and the issued result (locked values), the earlier dossier (the phone typed there).
 *  - "open": start a draft of the water-connection procedure and accept the consent screen, which
 *    fetches the form's items through the exchange (a signed request and response per data service,
 *    consent checked, message log appended) and answers the pre-filled form; a journey whose form
 *    was not pre-filled by all three providers counts as a failure;
 *  - "submit": complete the required fields and submit (locked values re-checked, validation, the
 *    dossier with provenance, event, audit and notice in one transaction).
 * Two modes, each against `GET /api/health` (a bare route) under the same kind of load in the same run:
 *  - saturation: 50 closed loops with no think time, so latency ≈ 50 × CPU per journey — a measure of
 *    capacity, not of what a citizen waits;
 *  - think time: 50 users who pause `--think-ms` (default 2,000 ms, ±50 % uniform jitter, staggered
 *    start) after each step, as people do; the baseline users call the bare route in place of each step.
 * Goals: open p99 < 150 ms, submit p99 < 200 ms, judged in each mode. The citizens run in a child
 * process (bench/services.load.ts), so the server's CPU per journey is measured alone; they still share
 * the machine's cores. PostgreSQL when DATABASE_URL is set (a scratch database, dropped afterwards),
 * else PGlite.
 */
const USERS = 50;
const PROCEDURE = 'cap-nuoc-sach-sinh-hoat';
/** Population registry, issued results, earlier dossiers: each pre-fills at least one field. */
const PROVIDERS = 3;
const OPEN_GOAL_MS = 150;
const SUBMIT_GOAL_MS = 200;
const DEFAULT_THINK_MS = 2_000;

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

const goal = (measured: { count: number; p99: number }, limit: number) =>
  measured.count === 0 ? 'not measured: no request succeeded' : measured.p99 < limit ? 'met' : 'NOT met';

const summary = (samples: number[], seconds: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: samples.length,
    perSecond: Math.round((samples.length / seconds) * 10) / 10,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
};

type Step = { count: number; p50: number; p99: number; ratioP99: number; goal: string };
type Mode = {
  baseline: { count: number; p50: number; p99: number; perSecond: number; failures: number };
  open: Step;
  submit: Step;
  journeysPerSecond: number;
  serverCpuMsPerJourney: number;
  loadCpuMsPerJourney: number;
  serverCpuMsPerBareRequest: number;
  failures: number;
  firstFailure: string | null;
};

function report(title: string, mode: Mode) {
  const step = (name: string, s: Step, limit: number) =>
    `  ${name}: p50 ${s.p50} ms, p99 ${s.p99} ms (${s.count} samples) → p99 ${s.ratioP99}× the bare route (goal p99 < ${limit} ms: ${s.goal})`;
  const { baseline } = mode;
  console.log(` ${title}`);
  console.log(
    `  bare route GET /api/health: p50 ${baseline.p50} ms, p99 ${baseline.p99} ms (${baseline.count} samples, ${baseline.perSecond} req/s)`,
  );
  console.log(step('open pre-filled form (draft + consent + exchange fetch)', mode.open, OPEN_GOAL_MS));
  console.log(step('submit', mode.submit, SUBMIT_GOAL_MS));
  console.log(
    `  ${mode.journeysPerSecond} journeys/s; CPU per journey (open + submit): server ${mode.serverCpuMsPerJourney} ms, load generator ${mode.loadCpuMsPerJourney} ms; server ${mode.serverCpuMsPerBareRequest} ms per bare request`,
  );
  if (mode.baseline.failures) console.log(`  bare-route failures: ${mode.baseline.failures}`);
  if (mode.failures) console.log(`  failures: ${mode.failures} (first: ${mode.firstFailure})`);
}

/** `--think-ms N` on the command line (bench/run.ts passes only the seconds). */
function thinkMsOption() {
  const flag = process.argv.indexOf('--think-ms');
  const value = flag >= 0 ? Number(process.argv[flag + 1]) : DEFAULT_THINK_MS;
  if (!Number.isFinite(value) || value <= 0)
    throw new Error('--think-ms needs a positive number of milliseconds');
  return value;
}

export async function servicesBenchmark(options: { seconds: number; thinkMs: number }) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-bench-services-'));
  const scratch = process.env.DATABASE_URL
    ? await scratchDatabase(process.env.DATABASE_URL, 'sc_bench_services')
    : null;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: scratch?.url,
    DATABASE_POOL_SIZE: '20',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    PORT: '0',
  });
  const platform = await createPlatform(config);
  let server: Awaited<ReturnType<typeof platform.createServer>> | null = null;
  try {
    await platform.prepare();
    await platform.population.ensureGenerated(2_000);
    server = await platform.createServer();
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    // ——— 50 level-2 residents signed in through the VNeID simulator ———
    const publicUrl = config.publicUrl;
    const residents = await platform.population.searchResidents({ minLevel: 2, limit: USERS });
    const atPortal = (location: URL) =>
      location.origin === publicUrl && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);
    const users: Record<string, string>[] = [];
    for (const [i, resident] of residents.entries()) {
      // The third provider: each citizen holds a building permit issued (signed) by the Department of
      // Construction, whose land-use certificate number the water-connection form pre-fills, locked.
      await platform.services.results.issueResult({
        dossierId: `bench-permit-${resident.personalId}`,
        dossierCode: `SXD-20260301-${String(i + 1).padStart(4, '0')}`,
        procedureCode: 'cap-giay-phep-xay-dung-nha-o',
        agencyId: 'so-xay-dung',
        subject: { personalId: resident.personalId, fullName: resident.fullName },
        titleVi: 'Giấy phép xây dựng nhà ở riêng lẻ (thử nghiệm hiệu năng)',
        titleEn: 'Building permit for a detached house (benchmark)',
        fields: [{ labelVi: 'Số GCN QSDĐ', labelEn: 'Land-use certificate no.', value: `CT ${70_000 + i}` }],
        issuedAt: new Date('2026-03-02T03:00:00Z'),
        items: { 'land.certificateNumber': `CT ${70_000 + i}` },
      });
      const browser = new Browser(createSelfFetch(publicUrl, () => server));
      let page = await browser.navigate(`${publicUrl}/auth/login?method=vneid&returnTo=/ca-nhan`, {
        stopAt: atPortal,
      });
      page = await browser.submit(
        page,
        { q: resident.personalId },
        { pick: (form) => form.method === 'get' },
      );
      await browser.submit(
        page,
        {},
        { pick: (form) => form.fields.personalId === resident.personalId, stopAt: atPortal },
      );
      await browser.request(`${publicUrl}/api/session`);
      const session = browser.cookie('sc_session');
      const csrf = browser.cookie('sc_csrf');
      if (!session || !csrf) throw new Error(`no session for resident ${resident.personalId}`);
      users.push({
        cookie: `sc_session=${session}; sc_csrf=${csrf}`,
        'x-csrf-token': csrf,
        'content-type': 'application/json',
      });
    }

    const load = childLoad<LoadTask, LoadAnswer>(new URL('./services.load.ts', import.meta.url));
    try {
      const seconds = Math.max(5, options.seconds);
      const task = { base, users, seconds, procedure: PROCEDURE, providers: PROVIDERS };
      /** One phase of the child's load; `serverCpuMs`: this process's CPU (the server's) meanwhile. */
      const phase = async (kind: LoadTask['kind'], thinkMs: number) => {
        const cpu = process.cpuUsage();
        const answer = await load.ask({ ...task, kind, thinkMs });
        const used = process.cpuUsage(cpu);
        return { ...answer, serverCpuMs: (used.user + used.system) / 1000 };
      };
      await phase('warmup', 0);

      const measure = async (thinkMs: number) => {
        const baseline = await phase('health', thinkMs);
        const journey = await phase('journey', thinkMs);
        const health = summary(baseline.samples.health ?? [], baseline.elapsedS);
        const open = summary(journey.samples.open ?? [], journey.elapsedS);
        const submit = summary(journey.samples.submit ?? [], journey.elapsedS);
        const perJourney = (ms: number) => Math.round((ms / Math.max(1, journey.journeys)) * 10) / 10;
        return {
          thinkMs,
          baseline: { ...health, failures: baseline.failures },
          open: { ...open, ratioP99: ratio(open.p99, health.p99), goal: goal(open, OPEN_GOAL_MS) },
          submit: { ...submit, ratioP99: ratio(submit.p99, health.p99), goal: goal(submit, SUBMIT_GOAL_MS) },
          journeysPerSecond: Math.round((journey.journeys / journey.elapsedS) * 10) / 10,
          serverCpuMsPerJourney: perJourney(journey.serverCpuMs),
          loadCpuMsPerJourney: perJourney(journey.cpuMs),
          serverCpuMsPerBareRequest:
            Math.round((baseline.serverCpuMs / Math.max(1, health.count)) * 100) / 100,
          failures: journey.failures,
          firstFailure: journey.firstFailure || null,
        };
      };
      const saturation = await measure(0);
      const thinking = await measure(options.thinkMs);

      const engine = scratch ? 'postgres' : 'pglite';
      const loadAverage = os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(', ');
      console.log(`${engine}: ${USERS} signed-in citizens, ${seconds} s per phase, procedure ${PROCEDURE}`);
      report(
        `saturation — ${USERS} closed loops, no think time (capacity: latency ≈ ${USERS} × CPU per journey)`,
        saturation,
      );
      report(
        `${USERS} concurrent users with think time — ${options.thinkMs} ms ±50 % (uniform) after each step`,
        thinking,
      );
      console.log(
        '  notes: the load generator runs in a child process (plain HTTP, no rendering), so "server CPU"\n' +
          "  is the server process alone; both share the machine's cores, and other work on the machine\n" +
          `  competes too (load average now: ${loadAverage} on ${os.cpus().length} cores).\n` +
          '  The bare route is measured under the same kind of load; the p99 ratio is the figure comparable\n' +
          '  across machines. With think time each user makes about one journey per 2 × think time, so p99\n' +
          '  rests on few samples: run for longer (--seconds) for a steadier tail.',
      );
      const file = await writeResult('services', {
        engine,
        users: USERS,
        seconds,
        procedure: PROCEDURE,
        loadGenerator: 'child process',
        loadAverage: os.loadavg(),
        cores: os.cpus().length,
        goalsMs: { open: OPEN_GOAL_MS, submit: SUBMIT_GOAL_MS },
        saturation,
        thinkTime: { ...thinking, jitter: '±50 % uniform' },
      });
      console.log(`→ ${file}`);
    } finally {
      load.close();
    }
  } finally {
    await server?.close();
    await platform.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function main(seconds = 10) {
  await servicesBenchmark({ seconds, thinkMs: thinkMsOption() });
}
