import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOfficials } from '../../test/support/demo-officials.ts';
import { type OfficialSession, signInOfficial } from '../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { systemActor } from './auth/principal.ts';

/**
 * Observability (docs/observability.md): `/metrics` and who may read it, route patterns as labels,
 * ingest metrics, readiness of each dependency, request ids, and the console's operations summary.
 * Two platforms in one process also prove their registries do not collide.
 */
// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON as it comes.
type Json = any;

const TOKEN = 'metrics-token-0123456789abcdefghijklmnop';
const REMOTE = '203.0.113.7';
let t: TestPlatform;
let secured: TestPlatform;
let admin: OfficialSession;
let reporter: OfficialSession;
let secret = '';

beforeAll(async () => {
  [t, secured] = await Promise.all([
    createTestPlatform({ env: { MQTT_EMBEDDED_PORT: '0' } }),
    createTestPlatform({ env: { METRICS_TOKEN: TOKEN, INGEST_ENABLED: 'false' } }),
  ]);
  await seedOfficials(t);
  [admin, reporter] = await Promise.all([
    signInOfficial(t, 'admin.hanoi'),
    signInOfficial(t, 'baocao.soyte'),
  ]);
  const ward = (await t.platform.org.units({ kind: 'ward' }))[0]!.id;
  const created = await t.platform.urban.devices.create(systemActor('test'), {
    id: 'flood-obs',
    type: 'FloodMonitoring',
    domain: 'urban',
    unitId: ward,
  });
  secret = created.secret;
  await t.platform.urban.ingest.start();
}, 400_000);

afterAll(async () => {
  await t?.platform.urban.ingest.stop();
  await Promise.all([t?.close(), secured?.close()]);
});

const scrape = async (platform = t) => (await platform.server.inject('/metrics')).body;
/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('/metrics access', () => {
  it('answers loopback requests when no token is set, and refuses others with problem+json', async () => {
    const local = await t.server.inject('/metrics');
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toContain('text/plain');
    expect(local.body).toContain('process_cpu_user_seconds_total');
    expect(local.body).toContain('nodejs_eventloop_lag_seconds');

    const remote = await t.server.inject({ url: '/metrics', remoteAddress: REMOTE });
    expect(remote.statusCode).toBe(403);
    expect(remote.headers['content-type']).toContain('application/problem+json');
    const problem = remote.json();
    expect(problem.code).toBe('forbidden');
    expect(problem.vi.detail).toContain('METRICS_TOKEN');
    expect(problem.en.detail).toContain('METRICS_TOKEN');
    expect(remote.body).not.toContain('process_cpu');

    // Through a reverse proxy on this machine the socket is loopback; without TRUST_PROXY that is not enough.
    const proxied = await t.server.inject({ url: '/metrics', headers: { 'x-forwarded-for': REMOTE } });
    expect(proxied.statusCode).toBe(403);
  });

  it('with METRICS_TOKEN requires the bearer token, from anywhere', async () => {
    expect((await secured.server.inject('/metrics')).statusCode).toBe(403);
    const wrong = await secured.server.inject({
      url: '/metrics',
      remoteAddress: REMOTE,
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(403);
    const right = await secured.server.inject({
      url: '/metrics',
      remoteAddress: REMOTE,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('http_request_duration_seconds');
  });
});

describe('HTTP metrics', () => {
  it('label requests by route pattern and status class, never by raw path', async () => {
    const personalNumber = '001099012345';
    for (let i = 0; i < 3; i++) await t.server.inject(`/api/problems/c${personalNumber}`);
    await t.server.inject('/api/problems/forbidden');
    await t.server.inject(`/api/nothing-here/${personalNumber}`);
    const text = await scrape();
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="GET",route="/api/problems/:code",status_class="4xx"}',
      ),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="GET",route="/api/problems/:code",status_class="2xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status_class="4xx"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(personalNumber);
    // The other platform's registry saw none of these.
    const other = await secured.server.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(other.body).not.toContain('route="/api/problems/:code"');
  });

  it('reports the PostgreSQL pool only where there is one', async () => {
    const text = await scrape();
    if (t.platform.context.database.kind === 'postgres') {
      expect(sample(text, 'smartcity_db_pool_connections_total')).toBeGreaterThan(0);
      expect(text).toContain('smartcity_db_pool_clients_waiting');
      expect(sample(text, 'smartcity_db_pool_acquired_total')).toBeGreaterThan(0);
    } else expect(text).not.toContain('smartcity_db_pool_connections_total');
  });
});

describe('ingest metrics', () => {
  it('count readings, batches, lag and dead letters once written', async () => {
    const before = await scrape();
    const device = await mqtt.connectAsync(t.platform.urban.ingest.broker!.url, {
      username: 'flood-obs',
      password: secret,
      clientId: 'obs-test',
      reconnectPeriod: 0,
    });
    try {
      await device.publishAsync(
        'hanoi/urban/flood-obs/attrs',
        JSON.stringify({ observedAt: '2026-11-19T08:00:00Z', currentLevel: 0.3 }),
        { qos: 1 },
      );
      await device.publishAsync('hanoi/urban/flood-obs/attrs', 'not json', { qos: 1 });
    } finally {
      await device.endAsync();
    }
    const after = await scrape();
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('smartcity_ingest_readings_total')).toBe(1);
    expect(moved('smartcity_ingest_dead_letters_total')).toBe(1);
    expect(moved('smartcity_ingest_batches_total')).toBeGreaterThanOrEqual(1);
    expect(moved('smartcity_ingest_lag_seconds_count')).toBe(moved('smartcity_ingest_batches_total'));
    expect(moved('smartcity_ingest_batch_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'smartcity_ingest_last_batch_timestamp_seconds')).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
  });
});

describe('operations summary', () => {
  it('is for the city administrator and reads the same registry', async () => {
    expect((await t.server.inject('/api/platform/operations')).statusCode).toBe(401);
    expect((await reporter.request({ url: '/api/platform/operations' })).statusCode).toBe(403);
    const response = await admin.request({ url: '/api/platform/operations' });
    expect(response.statusCode).toBe(200);
    const body: Json = response.json();
    expect(body.mode).toBe(t.platform.context.database.kind === 'pglite' ? 'embedded' : 'postgres');
    expect(body.readiness.checks.mqtt.ok).toBe(true);
    const problems = body.http.find(
      (route: Json) => route.route === '/api/problems/:code' && route.method === 'GET',
    );
    expect(problems.requests).toBeGreaterThanOrEqual(4);
    expect(problems.p95Seconds).toBeGreaterThan(0);
    expect(body.ingest.readings).toBeGreaterThanOrEqual(1);
    expect(body.ingest.deadLetters).toBeGreaterThanOrEqual(1);
    expect(body.ingest.lastBatchAt).not.toBeNull();
    expect(JSON.stringify(body.http)).not.toContain('001099012345');
  });
});

describe('request ids', () => {
  it('honours a well-formed x-request-id, replaces a malformed one, and names it in problem+json', async () => {
    const traced = await t.server.inject({
      url: '/api/problems/no-such-problem',
      headers: { 'x-request-id': 'trace-obs-000123' },
    });
    expect(traced.statusCode).toBe(404);
    expect(traced.headers['x-request-id']).toBe('trace-obs-000123');
    expect(traced.json().requestId).toBe('trace-obs-000123');

    const malformed = await t.server.inject({
      url: '/api/problems/no-such-problem',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    const generated = malformed.headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(malformed.json().requestId).toBe(generated);

    // A router-level failure (bad URL encoding) carries the id too.
    const broken = await t.server.inject({
      url: '/api/problems/%E0%A4%A',
      headers: { 'x-request-id': 'trace-obs-000124' },
    });
    expect(broken.headers['x-request-id']).toBe('trace-obs-000124');
    expect(broken.json().requestId).toBe('trace-obs-000124');
  });
});

describe('readiness', () => {
  it('names each dependency, and answers 503 problem+json when the MQTT broker is down', async () => {
    const ready = await t.server.inject('/api/ready');
    expect(ready.statusCode).toBe(200);
    const checks = ready.json().checks;
    expect(checks.database).toMatchObject({ ok: true });
    expect(checks.database.detail).toMatch(/PGlite|PostgreSQL/);
    expect(checks.migrations).toEqual({ ok: true, detail: 'all applied' });
    expect(checks.mqtt.detail).toContain('embedded broker');
    // This process was not asked to run the job queue (`smartcity start` does): no jobs check.
    expect(checks.jobs).toBeUndefined();

    await t.platform.urban.ingest.broker!.close();
    const down = await t.server.inject({
      url: '/api/ready',
      headers: { 'x-request-id': 'ready-probe-0001' },
    });
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
    const problem = down.json();
    expect(problem.code).toBe('not_ready');
    expect(problem.checks.mqtt).toEqual({ ok: false, detail: 'embedded broker not listening' });
    expect(problem.checks.database.ok).toBe(true);
    expect(problem.vi.detail).toContain('mqtt');
    expect(problem.requestId).toBe('ready-probe-0001');
    expect(down.headers['x-request-id']).toBe('ready-probe-0001');
  });

  it('checks the job runner of a process that runs it, and lists each job’s queue depth', async () => {
    const { platform, server } = secured;
    await platform.startJobs();
    try {
      const ready = await server.inject('/api/ready');
      expect(ready.statusCode).toBe(200);
      expect(ready.json().checks.jobs).toMatchObject({ ok: true });
      expect(ready.json().checks.mqtt).toEqual({ ok: true, detail: 'ingest off in this instance' });
      const text = (await server.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } }))
        .body;
      expect(text).toContain('smartcity_job_queue_depth{job="urban.partitions"} 0');
    } finally {
      await platform.context.jobs.stop();
    }
    const stopped = await server.inject('/api/ready');
    expect(stopped.statusCode).toBe(503);
    expect(stopped.json().checks.jobs).toEqual({ ok: false, detail: 'job runner stopped' });
  });
});
