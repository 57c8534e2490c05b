import { generate } from 'otplib';
import { Browser, networkTransport } from '../server/modules/identity/identity.testing.ts';
import { completeAnswers } from '../test/support/forms.ts';
import { serveTasks } from './support.ts';

/**
 * The people of bench/load.bench.ts, in a child process (plain HTTP over the network to the server
 * process; no rendering): residents browsing and submitting, case officers reviewing, open-data
 * clients, and the bare route. Arrivals are open-loop (Poisson at a fixed rate per flow): a slow
 * server does not slow the arrivals down, so queueing shows in the latencies instead of hiding in
 * fewer requests. Every request must answer with its expected status within 30 s; anything else
 * is an error of its flow.
 */
export type Official = { username: string; password: string; totpSecret: string };

export type Rates = {
  /** Page views per second (one request each). */
  browse: number;
  /** Applications per second (procedure page, draft, consent, submit). */
  submit: number;
  /** Reviews per second (queue, dossier, receive). */
  review: number;
  /** Open-data sessions per second (search, show, datastore query). */
  openData: number;
  /** Bare-route requests per second (`GET /api/health`) alongside the mix. */
  health: number;
};

export type HttpTask =
  | { kind: 'sign-in'; base: string; residents: string[]; officials: Official[] }
  | { kind: 'baseline'; base: string; seconds: number; rate: number }
  | { kind: 'mixed'; base: string; seconds: number; rates: Rates; procedure: string; plan: string };

export type Latency = { count: number; p50: number; p95: number; p99: number; max: number };

export type FlowResult = {
  /** Journeys started (arrivals) and completed without an error. */
  arrivals: number;
  completed: number;
  requests: number;
  requestsPerSecond: number;
  /** Every request of the flow. */
  latencyMs: Latency;
  /** Per step (request kind). */
  steps: Record<string, Latency>;
  errors: number;
  errorMessages: string[];
  /** Flow-specific counts (dossiers submitted, reviews that found the queue empty, …). */
  counts: Record<string, number>;
};

export type HttpAnswer = {
  flows: Record<string, FlowResult>;
  elapsedS: number;
  cpuMs: number;
  signedIn?: { residents: number; officials: number };
};

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API, read as they come.
type Json = Record<string, any>;

const TIMEOUT_MS = 30_000;
/** More journeys of one flow in flight than this: the server is not keeping up; counted as errors. */
const MAX_IN_FLIGHT = 200;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const WORDS = [
  'nước',
  'giấy phép xây dựng',
  'hộ kinh doanh',
  'thường trú',
  'việc làm',
  'trợ cấp',
  'khai sinh',
];
const DATA_WORDS = ['không khí', 'giao thông', 'trường', 'y tế', 'nước', 'chiếu sáng', 'việc làm'];

export function latencyOf(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length
      ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10
      : 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

class Flow {
  arrivals = 0;
  completed = 0;
  inFlight = 0;
  errors = 0;
  readonly messages = new Set<string>();
  readonly samples: Record<string, number[]> = {};
  readonly counts: Record<string, number> = {};

  fail(message: string) {
    this.errors++;
    if (this.messages.size < 5) this.messages.add(message.slice(0, 300));
  }

  count(name: string) {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }

  /** One request; a status other than `expect` (or a time-out, a network error) throws. */
  async call(
    base: string,
    step: string,
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: unknown; expect?: number } = {},
  ): Promise<Json> {
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(`${base}${url}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const failure = error as Error & { cause?: { code?: string; message?: string } };
      const why =
        failure.name === 'TimeoutError'
          ? `timed out after ${TIMEOUT_MS / 1000} s`
          : `${failure.message}${failure.cause ? ` (${failure.cause.code ?? failure.cause.message})` : ''}`;
      throw new Error(`${step} ${init.method ?? 'GET'} ${url.split('?')[0]}: ${why}`);
    }
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== (init.expect ?? 200)) {
      let detail = text.slice(0, 200);
      try {
        const problem = JSON.parse(text) as Json;
        detail =
          `${problem.code ?? ''} ${problem.detail ?? ''} ${JSON.stringify(problem.errors ?? '')}`.slice(
            0,
            200,
          );
      } catch {
        // not JSON: the text itself
      }
      throw new Error(`${step} ${init.method ?? 'GET'} ${url.split('?')[0]} → ${response.status} ${detail}`);
    }
    this.samples[step] ??= [];
    this.samples[step].push(elapsed);
    const type = response.headers.get('content-type') ?? '';
    return type.includes('json') && text ? (JSON.parse(text) as Json) : {};
  }

  result(seconds: number): FlowResult {
    const all = Object.values(this.samples).flat();
    return {
      arrivals: this.arrivals,
      completed: this.completed,
      requests: all.length,
      requestsPerSecond: Math.round((all.length / seconds) * 10) / 10,
      latencyMs: latencyOf(all),
      steps: Object.fromEntries(Object.entries(this.samples).map(([step, s]) => [step, latencyOf(s)])),
      errors: this.errors,
      errorMessages: [...this.messages],
      counts: this.counts,
    };
  }
}

/** Session headers of each signed-in resident and official, kept for the measured phases. */
let residents: Record<string, string>[] = [];
let officials: Record<string, string>[] = [];

const atPortal = (base: string) => (location: URL) =>
  location.origin === base && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);

async function sessionOf(browser: Browser, base: string, who: string) {
  await browser.request(`${base}/api/session`);
  const session = browser.cookie('sc_session');
  const csrf = browser.cookie('sc_csrf');
  if (!session || !csrf) throw new Error(`no session cookies for ${who}`);
  return { cookie: `sc_session=${session}; sc_csrf=${csrf}`, 'x-csrf-token': csrf };
}

/** Through the VNeID simulator, as a browser would (the same pages, over the network). */
async function signInResident(base: string, personalId: string) {
  const browser = new Browser(networkTransport);
  let page = await browser.navigate(`${base}/auth/login?method=vneid&returnTo=/ca-nhan`, {
    stopAt: atPortal(base),
  });
  page = await browser.submit(page, { q: personalId }, { pick: (form) => form.method === 'get' });
  await browser.submit(
    page,
    {},
    { pick: (form) => form.fields.personalId === personalId, stopAt: atPortal(base) },
  );
  return sessionOf(browser, base, personalId);
}

/** Password + TOTP; a code cannot be replayed, so a second sign-in of one account waits for the next step. */
const lastStep = new Map<string, number>();
async function signInOfficial(base: string, official: Official) {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    if (lastStep.get(official.username) !== step) {
      lastStep.set(official.username, step);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 50));
  }
  const browser = new Browser(networkTransport);
  const form = await browser.navigate(`${base}/auth/login?method=official&returnTo=/quan-tri`, {
    stopAt: atPortal(base),
  });
  const totp = await generate({ secret: official.totpSecret, epoch: Math.floor(Date.now() / 1000) });
  const done = await browser.submit(
    form,
    { username: official.username, password: official.password, totp },
    { stopAt: atPortal(base) },
  );
  if (done.url !== `${base}/quan-tri`)
    throw new Error(`sign-in of ${official.username} ended at ${done.url}`);
  return sessionOf(browser, base, official.username);
}

/** Runs `journey` at `rate` per second (exponential gaps) until `until`; resolves when all ended. */
async function arrivals(flow: Flow, rate: number, until: number, journey: () => Promise<void>) {
  if (rate <= 0) return;
  const running = new Set<Promise<void>>();
  for (;;) {
    const gap = (-Math.log(1 - Math.random()) / rate) * 1000;
    await new Promise((resolve) => setTimeout(resolve, gap));
    if (performance.now() >= until) break;
    flow.arrivals++;
    if (flow.inFlight >= MAX_IN_FLIGHT) {
      flow.fail(
        `load generator: ${MAX_IN_FLIGHT} journeys of this flow still in flight (server not keeping up)`,
      );
      continue;
    }
    flow.inFlight++;
    const run = journey()
      .then(
        () => {
          flow.completed++;
        },
        (error: Error) => flow.fail(error.message),
      )
      .finally(() => {
        flow.inFlight--;
        running.delete(run);
      });
    running.add(run);
  }
  await Promise.all(running);
}

async function mixed(task: Extract<HttpTask, { kind: 'mixed' }>, flows: Record<string, Flow>) {
  const { base } = task;
  const until = performance.now() + task.seconds * 1000;

  // Open-data clients work from what the catalogue lists, as a harvester would.
  const catalogue = (await (await fetch(`${base}/api/3/action/package_search?rows=100`)).json()) as Json;
  const datasets = (catalogue.result.results as Json[]).map((d) => d.name as string);
  const tables = (catalogue.result.results as Json[]).flatMap((d) =>
    (d.resources as Json[]).filter((r) => r.datastore_active).map((r) => r.id as string),
  );
  if (!datasets.length || !tables.length) throw new Error('the open-data catalogue lists no DataStore table');

  const pages: [string, () => string][] = [
    ['home page', () => '/'],
    ['procedure search', () => `/api/services/procedures?q=${encodeURIComponent(pick(WORDS))}`],
    ['procedure page', () => `/api/services/procedures/${task.procedure}`],
    ['plan performance', () => `/api/plan/public/plans/${task.plan}/performance`],
    ['map layers', () => '/api/urban/public/map/layers'],
    ['air-quality sensors (a page of 2,000)', () => '/api/urban/public/map/devices?domain=environment'],
    ['air quality by ward', () => '/api/urban/public/map/wards?indicator=AirQualityObserved.pm25'],
    ['public alerts', () => '/api/urban/public/alerts.json'],
  ];
  const browse = flows.browse!;
  const submit = flows.submit!;
  const review = flows.review!;
  const openData = flows.openData!;
  const health = flows.health!;
  /** Dossiers an officer has taken: two officers never act on the same one (a real office assigns). */
  const claimed = new Set<string>();
  let nextOfficial = 0;

  await Promise.all([
    arrivals(browse, task.rates.browse, until, async () => {
      const [step, url] = pick(pages);
      await browse.call(base, step, url(), { headers: step === 'home page' ? { accept: 'text/html' } : {} });
    }),
    arrivals(submit, task.rates.submit, until, async () => {
      const user = pick(residents);
      await submit.call(base, 'procedure page', `/api/services/procedures/${task.procedure}`);
      const draft = await submit.call(base, 'draft', '/api/services/drafts', {
        method: 'POST',
        headers: user,
        body: { procedureCode: task.procedure, fresh: true },
      });
      const filled = await submit.call(
        base,
        'consent + pre-fill',
        `/api/services/drafts/${draft.id}/consent`,
        {
          method: 'POST',
          headers: user,
          body: { accept: true },
        },
      );
      const attachments = (filled.form.attachments as Json[])
        .filter((a) => a.required === true)
        .map((a) => ({ key: a.key, filename: `${a.key}.pdf`, contentBase64: PDF }));
      const submitted = await submit.call(base, 'submit', `/api/services/drafts/${draft.id}/submit`, {
        method: 'POST',
        headers: user,
        body: { answers: completeAnswers(filled), attachments },
        expect: 201,
      });
      if (submitted.state !== 'submitted') throw new Error(`submit: state ${submitted.state}, not submitted`);
      submit.count('dossiers submitted');
    }),
    arrivals(review, task.rates.review, until, async () => {
      const officer = officials[nextOfficial++ % officials.length]!;
      const queue = await review.call(
        base,
        'queue',
        `/api/services/queue?state=submitted&procedureCode=${task.procedure}&limit=50`,
        { headers: officer },
      );
      const next = (queue.items as Json[]).find((item) => !claimed.has(item.code));
      if (!next) {
        review.count('queue empty');
        return;
      }
      claimed.add(next.code);
      await review.call(base, 'dossier', `/api/services/cases/${next.code}`, { headers: officer });
      const acted = await review.call(base, 'receive', `/api/services/cases/${next.code}/actions`, {
        method: 'POST',
        headers: officer,
        body: { action: 'receive' },
      });
      if (acted.state !== 'received') throw new Error(`receive: state ${acted.state}, not received`);
      review.count('dossiers received');
    }),
    arrivals(openData, task.rates.openData, until, async () => {
      const q = encodeURIComponent(pick(DATA_WORDS));
      await openData.call(base, 'package_search', `/api/3/action/package_search?q=${q}&rows=10`);
      await openData.call(base, 'package_show', `/api/3/action/package_show?id=${pick(datasets)}`);
      await openData.call(
        base,
        'datastore_search',
        `/api/3/action/datastore_search?resource_id=${pick(tables)}&limit=100`,
      );
    }),
    arrivals(health, task.rates.health, until, async () => {
      await health.call(base, 'GET /api/health', '/api/health');
    }),
  ]);
}

async function run(task: HttpTask): Promise<HttpAnswer> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  if (task.kind === 'sign-in') {
    residents = [];
    for (const personalId of task.residents) residents.push(await signInResident(task.base, personalId));
    officials = [];
    for (const official of task.officials) officials.push(await signInOfficial(task.base, official));
    const used = process.cpuUsage(cpu);
    return {
      flows: {},
      elapsedS: (performance.now() - started) / 1000,
      cpuMs: (used.user + used.system) / 1000,
      signedIn: { residents: residents.length, officials: officials.length },
    };
  }
  const flows: Record<string, Flow> = {};
  if (task.kind === 'baseline') {
    flows.health = new Flow();
    const health = flows.health;
    await arrivals(health, task.rate, started + task.seconds * 1000, async () => {
      await health.call(task.base, 'GET /api/health', '/api/health');
    });
  } else {
    for (const name of ['browse', 'submit', 'review', 'openData', 'health']) flows[name] = new Flow();
    await mixed(task, flows);
  }
  const elapsedS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    flows: Object.fromEntries(Object.entries(flows).map(([name, flow]) => [name, flow.result(task.seconds)])),
    elapsedS,
    cpuMs: (used.user + used.system) / 1000,
  };
}

serveTasks(run);
