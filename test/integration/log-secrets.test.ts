import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoOfficials } from '../../server/demo/officials.ts';
import { Browser, formsOf, networkTransport } from '../../server/modules/identity/identity.testing.ts';
import { createTestDatabase, type TestDatabase, testEngine } from '../support/database.ts';
import { freePort, launchServer, stopProcess } from '../support/server-process.ts';

/**
 * Secrets and personal identification numbers never reach the logs (issue 8, Decree 13/2023):
 * the real server at its most verbose level, a citizen and an official signing in, the citizen's
 * number sent in a query string and a body, a device registered and connecting with its secret and
 * with a wrong one — then none of those values appears anywhere in what the process printed.
 */
let dataDir: string;
let testDatabase: TestDatabase | null = null;
let child: ChildProcess | null = null;
let output = '';
let url = '';
let mqttPort = 0;
const secrets = new Map<string, string>();

const atPortal = (location: URL) =>
  location.origin === url && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);

async function signInCitizen() {
  const browser = new Browser(networkTransport);
  const page = await browser.navigate(`${url}/auth/login?method=vneid&returnTo=/ca-nhan`, {
    stopAt: atPortal,
  });
  const results = await browser.submit(page, { q: '0' }, { pick: (form) => form.method === 'get' });
  const pick = formsOf(results.body).find((form) => form.fields.level === '2' && form.fields.personalId);
  if (!pick?.fields.personalId) throw new Error('no level-2 resident on the simulator');
  const personalId = pick.fields.personalId;
  await browser.submit(
    results,
    {},
    { pick: (form) => form.fields.personalId === personalId && form.fields.level === '2', stopAt: atPortal },
  );
  await browser.request(`${url}/api/session`);
  return { browser, personalId };
}

async function signInOfficial(username: string) {
  const demo = demoOfficials.find((o) => o.username === username);
  if (!demo) throw new Error(`no demo official ${username}`);
  const browser = new Browser(networkTransport);
  const form = await browser.navigate(`${url}/auth/login?method=official&returnTo=/quan-tri`, {
    stopAt: atPortal,
  });
  const totp = await generate({ secret: demo.totpSecret, epoch: Math.floor(Date.now() / 1000) });
  secrets.set('totp', totp);
  const done = await browser.submit(form, { username, password: DEMO_PASSWORD, totp }, { stopAt: atPortal });
  if (done.url !== `${url}/quan-tri`) throw new Error(`sign-in of ${username} stopped at ${done.url}`);
  await browser.request(`${url}/api/session`);
  return browser;
}

/** The browser's cookies as request headers, for API calls made outside its page flow. */
function headersOf(browser: Browser): Record<string, string> {
  const session = browser.cookie('sc_session');
  const csrf = browser.cookie('sc_csrf');
  if (!session || !csrf) throw new Error('no session cookies');
  secrets.set(`session ${secrets.size}`, session);
  secrets.set(`csrf ${secrets.size}`, csrf);
  return { cookie: `sc_session=${session}; sc_csrf=${csrf}`, 'x-csrf-token': csrf };
}

function connect(username: string, password: string): Promise<boolean> {
  return new Promise((resolve) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`, {
      username,
      password,
      reconnectPeriod: 0,
      connectTimeout: 3000,
    });
    const done = (ok: boolean) => {
      client.end(true);
      resolve(ok);
    };
    client.once('connect', () => done(true));
    client.once('error', () => done(false));
    client.once('close', () => done(false));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-log-secrets-'));
  const port = await freePort();
  mqttPort = await freePort();
  url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'trace',
    DEMO_DATA: 'true',
    DEMO_POPULATION: '50',
    PORT: String(port),
    HOST: 'localhost',
    PUBLIC_URL: url,
    MQTT_EMBEDDED_PORT: String(mqttPort),
  };
  delete env.NODE_ENV;
  delete env.DATABASE_URL;
  delete env.MQTT_URL;
  if (testEngine() === 'postgres') {
    testDatabase = await createTestDatabase();
    env.DATABASE_URL = testDatabase.url!;
  }
  child = await launchServer(
    env,
    url,
    (chunk) => {
      output += chunk;
    },
    () => output,
  );
}, 300_000);

afterAll(async () => {
  await stopProcess(child, 'SIGKILL');
  await testDatabase?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('logs', () => {
  it('never carry passwords, one-time codes, session tokens, device secrets or personal numbers', async () => {
    const citizen = await signInCitizen();
    secrets.set('personal id', citizen.personalId);
    const asCitizen = headersOf(citizen.browser);
    // The number where a careless route would echo it: a query string, an invalid body, a 404 path.
    await fetch(`${url}/api/services/dossiers/mine?personalId=${citizen.personalId}`, { headers: asCitizen });
    await fetch(`${url}/api/services/drafts`, {
      method: 'POST',
      headers: { ...asCitizen, 'content-type': 'application/json' },
      body: JSON.stringify({ procedureCode: 42, personalId: citizen.personalId }),
    });
    await fetch(`${url}/api/does-not-exist?cccd=${citizen.personalId}`, { headers: asCitizen });

    const admin = headersOf(await signInOfficial('admin.hanoi'));
    secrets.set('password', DEMO_PASSWORD);
    const created = await fetch(`${url}/api/urban/devices`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'log-test-air-1',
        type: 'AirQualityObserved',
        domain: 'environment',
        unitId: 'comm-00070',
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const device = (await created.json()) as { secret: string };
    secrets.set('device secret', device.secret);
    expect(await connect('log-test-air-1', device.secret)).toBe(true);
    const wrong = `${device.secret.slice(0, -4)}zzzz`;
    secrets.set('wrong device secret', wrong);
    expect(await connect('log-test-air-1', wrong)).toBe(false);

    // Let the logger flush, then read everything the process printed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(output).toContain('/api/urban/devices'); // the requests were logged at all
    const leaks = [...secrets].filter(([, value]) => value.length >= 6 && output.includes(value));
    expect(leaks.map(([name]) => name)).toEqual([]);
  }, 120_000);
});
