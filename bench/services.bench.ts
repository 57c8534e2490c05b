import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPlatform } from '../server/app.ts';
import { Browser } from '../server/modules/identity/identity.testing.ts';
import { createSelfFetch } from '../server/modules/identity/self-fetch.ts';
import { loadConfig } from '../server/platform/config.ts';
import { ratio, scratchDatabase, writeResult } from './support.ts';

/**
 * Online public services under 50 concurrent citizens, through the real HTTP API:
 *  - "open": start a draft of the water-connection procedure and accept the consent screen, which
 *    fetches the form's items through the exchange (signed request and response per data service,
 *    consent checked, message log appended) and answers the pre-filled form;
 *  - "submit": complete the required fields and submit (locked values re-checked, validation, the
 *    dossier with provenance, event, audit and notice in one transaction).
 * Baseline in the same run, with the same in-process load loop: `GET /api/health` (a bare route).
 * Goals: open p99 < 150 ms, submit p99 < 200 ms. The load loop shares the server's process, so
 * absolute latencies include the client's own work; the ratio to the baseline is the comparable
 * figure. PostgreSQL when DATABASE_URL is set (a scratch database, dropped afterwards), else PGlite.
 */
const USERS = 50;
const PROCEDURE = 'cap-nuoc-sach-sinh-hoat';
/** A minimal PDF for the required attachments. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API, read as they come.
type Json = Record<string, any>;

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
    perSecond: Math.round(samples.length / seconds),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
};

/** Answers for the required fields the pre-fill left empty (the same rule as the dossier tests). */
function completeAnswers(draft: Json) {
  const filled: Json = { ...draft.answers };
  for (const section of draft.form.sections) {
    for (const field of section.fields) {
      if (field.fields || filled[field.key] !== undefined || !field.required) continue;
      filled[field.key] =
        field.type === 'number'
          ? Math.max(field.min ?? 1, 1)
          : field.type === 'date'
            ? '2020-01-01'
            : field.type === 'select'
              ? field.options?.[0]?.value
              : field.type === 'checkbox'
                ? true
                : field.type === 'phone'
                  ? '0912345678'
                  : field.type === 'email'
                    ? 'cong.dan@example.vn'
                    : field.type === 'address'
                      ? { detail: 'Số 1 phố Tràng Tiền', communeCode: '00070', provinceCode: '01' }
                      : 'Thử nghiệm';
    }
  }
  return filled;
}

export async function servicesBenchmark(options: { seconds: number }) {
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
    for (const resident of residents) {
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

    const call = async (headers: Record<string, string>, method: string, url: string, body?: unknown) => {
      const response = await fetch(`${base}${url}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) {
        const problem = JSON.parse(text) as { code?: string; errors?: unknown };
        throw new Error(
          `${method} ${url} → ${response.status} ${problem.code}: ${JSON.stringify(problem.errors ?? '').slice(0, 300)}`,
        );
      }
      return text ? (JSON.parse(text) as Json) : {};
    };

    /** Runs `step` in `USERS` concurrent loops for `seconds`; returns the latencies of each phase. */
    const run = async (
      seconds: number,
      step: (user: Record<string, string>) => Promise<Record<string, number>>,
    ) => {
      const samples: Record<string, number[]> = {};
      const until = performance.now() + seconds * 1000;
      let failures = 0;
      let firstFailure = '';
      await Promise.all(
        users.map(async (user) => {
          while (performance.now() < until) {
            try {
              for (const [phase, ms] of Object.entries(await step(user))) {
                samples[phase] ??= [];
                samples[phase].push(ms);
              }
            } catch (error) {
              failures++;
              firstFailure ||= (error as Error).message;
            }
          }
        }),
      );
      return { samples, failures, firstFailure };
    };

    const seconds = Math.max(5, options.seconds);
    const baseline = await run(seconds, async () => {
      const started = performance.now();
      await call({}, 'GET', '/api/health');
      return { health: performance.now() - started };
    });
    const journey = await run(seconds, async (user) => {
      const opened = performance.now();
      const draft = await call(user, 'POST', '/api/services/drafts', {
        procedureCode: PROCEDURE,
        fresh: true,
      });
      const filled = await call(user, 'POST', `/api/services/drafts/${draft.id}/consent`, { accept: true });
      const open = performance.now() - opened;
      if (!filled.prefill || Object.keys(filled.prefill).length === 0)
        throw new Error('the form was not pre-filled');
      const submitted = performance.now();
      const attachments = (filled.form.attachments as Json[])
        .filter((attachment) => attachment.required === true)
        .map((attachment) => ({
          key: attachment.key,
          filename: `${attachment.key}.pdf`,
          contentBase64: PDF,
        }));
      await call(user, 'POST', `/api/services/drafts/${draft.id}/submit`, {
        answers: completeAnswers(filled),
        attachments,
      });
      return { open, submit: performance.now() - submitted };
    });

    const health = summary(baseline.samples.health ?? [], seconds);
    const open = summary(journey.samples.open ?? [], seconds);
    const submit = summary(journey.samples.submit ?? [], seconds);
    const engine = scratch ? 'postgres' : 'pglite';
    console.log(`${engine}: ${USERS} signed-in citizens, ${seconds} s per phase, procedure ${PROCEDURE}`);
    console.log(
      `  bare route GET /api/health: p50 ${health.p50} ms, p99 ${health.p99} ms, ${health.perSecond} req/s`,
    );
    console.log(
      `  open pre-filled form (draft + consent + exchange fetch): p50 ${open.p50} ms, p99 ${open.p99} ms, ${open.perSecond}/s → p99 ${ratio(open.p99, health.p99)}× the bare route (goal p99 < 150 ms: ${goal(open, 150)})`,
    );
    console.log(
      `  submit: p50 ${submit.p50} ms, p99 ${submit.p99} ms, ${submit.perSecond}/s → p99 ${ratio(submit.p99, health.p99)}× the bare route (goal p99 < 200 ms: ${goal(submit, 200)})`,
    );
    if (journey.failures) console.log(`  failures: ${journey.failures} (first: ${journey.firstFailure})`);
    const file = await writeResult('services', {
      engine,
      users: USERS,
      seconds,
      procedure: PROCEDURE,
      baseline: health,
      open,
      submit,
      failures: journey.failures,
      firstFailure: journey.firstFailure || null,
    });
    console.log(`→ ${file}`);
  } finally {
    await server?.close();
    await platform.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function main(seconds = 10) {
  await servicesBenchmark({ seconds });
}
