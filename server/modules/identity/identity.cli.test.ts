import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smartcity } from '../../../test/support/cli.ts';
import { createTestDatabase, type TestDatabase, testEngine } from '../../../test/support/database.ts';
import { Browser, networkTransport } from './identity.testing.ts';

/**
 * `smartcity clients add` and `smartcity officials add --username`, run as an administrator
 * runs them; then `smartcity start` on the same database proves what they printed works.
 */
let dataDir: string;
let env: Record<string, string>;
let postgres: TestDatabase | null = null;
let server: ChildProcess | null = null;
let base: string;
const outputs: Record<string, { code: number; stdout: string; stderr: string }> = {};

const line = (output: string, label: string) =>
  new RegExp(`^${label}[^:]*: (.+)$`, 'm').exec(output)?.[1]?.trim();

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitUntilReady(url: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    const ready = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server at ${url} never became ready`);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-identity-cli-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = { DATA_DIR: dataDir, DEMO_DATA: 'false', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base };
  if (testEngine() === 'postgres') {
    postgres = await createTestDatabase();
    await postgres.database.close();
    env.DATABASE_URL = postgres.url!;
  }
  outputs.client = await smartcity(
    [
      'clients',
      'add',
      '--name',
      'Cổng dịch vụ công quận cũ',
      '--redirect-uri',
      'https://dvc.example.vn/callback',
      '--post-logout-redirect-uri',
      'https://dvc.example.vn/',
      '--backchannel-logout-uri',
      'https://dvc.example.vn/backchannel',
    ],
    env,
  );
  outputs.insecure = await smartcity(
    ['clients', 'add', '--name', 'Không an toàn', '--redirect-uri', 'http://dvc.example.vn/cb'],
    env,
  );
  const official = [
    'officials',
    'add',
    '--unit',
    'so-y-te',
    '--role',
    'case_officer',
    '--username',
    'thu.soyte',
  ];
  outputs.official = await smartcity([...official, '--name', 'Nguyễn Thị Thử'], env);
  outputs.taken = await smartcity([...official, '--name', 'Người khác'], env);

  server = spawn(process.execPath, [path.resolve('bin/smartcity.js'), 'start', '--no-build'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  await waitUntilReady(`${base}/api/ready`);
}, 240_000);

afterAll(async () => {
  if (server?.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await postgres?.dispose().catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
});

describe('smartcity clients add / officials add', () => {
  it('registers a client and prints its secret once; the provider accepts exactly that secret', async () => {
    const { code, stdout, stderr } = outputs.client!;
    expect(code, stderr).toBe(0);
    const clientId = line(stdout, 'Client ID')!;
    const secret = line(stdout, 'Client secret')!;
    expect(clientId).toMatch(/^cong-dich-vu-cong-quan-cu-[0-9a-f]{8}$/);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(line(stdout, 'Issuer')).toBe(`${base}/oidc`);
    // The right secret authenticates the client (the code is what fails); a wrong one does not.
    const token = async (secretValue: string) => {
      const response = await fetch(`${base}/oidc/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${secretValue}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'not-a-code',
          redirect_uri: 'https://dvc.example.vn/callback',
          code_verifier: 'a'.repeat(43),
        }),
      });
      return ((await response.json()) as { error: string }).error;
    };
    expect(await token(secret)).toBe('invalid_grant');
    expect(await token('wrong-secret')).toBe('invalid_client');
  });

  it('refuses a client with a plain-http redirect address, naming the field', () => {
    const { code, stderr } = outputs.insecure!;
    expect(code).toBe(1);
    expect(stderr).toContain('redirectUris.0');
    expect(stderr).toContain('https');
  });

  it('adds an official with a login whose generated password and TOTP sign them in', async () => {
    const { code, stdout, stderr } = outputs.official!;
    expect(code, stderr).toBe(0);
    const password = line(stdout, 'Password')!;
    const secret = line(stdout, 'TOTP secret')!;
    expect(line(stdout, 'TOTP URI')).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(outputs.taken!.code).toBe(1);
    expect(outputs.taken!.stderr).toContain('taken');

    const browser = new Browser(networkTransport);
    const home = (location: URL) => location.pathname === '/';
    const form = await browser.navigate(`${base}/auth/login?method=official&returnTo=/`, { stopAt: home });
    const done = await browser.submit(
      form,
      { username: 'thu.soyte', password, totp: await generate({ secret }) },
      { stopAt: home },
    );
    expect(done.url).toBe(`${base}/`);
    const session = await browser.request(`${base}/api/session`);
    expect(await session.json()).toMatchObject({
      principal: {
        kind: 'official',
        username: 'thu.soyte',
        memberships: [{ unitId: 'so-y-te', role: 'case_officer' }],
      },
    });
  });
});
