import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { DEMO_PASSWORD, demoOfficials } from '../../demo/officials.ts';
import { acrValues, systemActor } from '../../platform/auth/principal.ts';
import type { ResidentSummary } from '../population/index.ts';
import { Browser, formsOf, networkTransport, type Page } from './identity.testing.ts';

/**
 * The city's OpenID provider end to end, on a listening server, driven by a third-party relying
 * party (openid-client) registered the way `smartcity clients add` registers one, with a
 * cookie-jar browser walking the interaction pages of the provider and the VNeID simulator.
 */
let t: TestPlatform;
let base: string;
let issuer: string;
let rp: { server: Server; url: string; logoutTokens: string[] };
let config: client.Configuration;
let clientId: string;
let level2: ResidentSummary;
let level1: ResidentSummary;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A relying party's back-channel logout endpoint: records what the provider posts. */
async function startRelyingParty() {
  const logoutTokens: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/backchannel') {
        logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, logoutTokens };
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  issuer = `${base}/oidc`;
  t = await createTestPlatform({
    demo: true,
    demoPopulation: 300,
    env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base },
  });
  await t.server.listen({ host: '127.0.0.1', port });
  rp = await startRelyingParty();
  // Registered through the same service call as `smartcity clients add`.
  const registered = await t.platform.identity.registerClient(systemActor('cli:clients add'), {
    name: 'Dịch vụ thử nghiệm của bên thứ ba',
    redirectUris: [`${rp.url}/cb`],
    postLogoutRedirectUris: [`${rp.url}/bye`],
    backchannelLogoutUri: `${rp.url}/backchannel`,
  });
  clientId = registered.clientId;
  config = await client.discovery(
    new URL(issuer),
    clientId,
    registered.clientSecret,
    client.ClientSecretBasic(registered.clientSecret!),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  const residents = await t.platform.population.searchResidents({ minLevel: 1, limit: 200 });
  level2 = residents.find((resident) => resident.vneidLevel === 2)!;
  level1 = residents.find((resident) => resident.vneidLevel === 1)!;
  expect(level2 && level1).toBeTruthy();
});
afterAll(async () => {
  await new Promise((resolve) => rp?.server.close(resolve));
  await t?.close();
});

const atRp = (location: URL) => location.origin === new URL(rp.url).origin;

type Started = { url: URL; verifier: string; state: string; nonce: string };

async function authorizationRequest(params: Record<string, string> = {}): Promise<Started> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${rp.url}/cb`,
    scope: 'openid profile vn_identity offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

/** On the simulator's page: find the resident, then press the button for `level`. */
async function pickResident(browser: Browser, page: Page, resident: ResidentSummary, level: 1 | 2) {
  expect(page.url).toContain('/vneid-sim/interaction/');
  expect(page.body).toContain('Mô phỏng VNeID — không phải hệ thống thật');
  const results = await browser.submit(
    page,
    { q: resident.personalId },
    { pick: (form) => form.method === 'get' },
  );
  return browser.submit(
    results,
    {},
    {
      pick: (form) => form.fields.personalId === resident.personalId && form.fields.level === String(level),
      stopAt: atRp,
    },
  );
}

const vneidLink = (page: Page) => page.body.match(/href="([^"]*\/vneid)"/)![1]!;

async function signIn(
  browser: Browser,
  resident: ResidentSummary,
  level: 1 | 2,
  params: Record<string, string> = {},
) {
  const started = await authorizationRequest(params);
  let page = await browser.navigate(started.url.href, { stopAt: atRp });
  // Single sign-on: a session that already meets the request goes straight back with a code.
  if (atRp(new URL(page.url))) return { ...started, callback: new URL(page.url) };
  if (page.url.includes('/oidc/interaction/')) {
    // No acr asked: the provider lets the person choose how to sign in.
    expect(page.body).toContain('Đăng nhập cán bộ');
    expect(page.body).not.toContain('sim-banner');
    page = await browser.navigate(new URL(vneidLink(page), page.url).href, { stopAt: atRp });
  }
  const back = await pickResident(browser, page, resident, level);
  return { ...started, callback: new URL(back.url) };
}

const exchange = (started: Started & { callback: URL }, verifier = started.verifier) =>
  client.authorizationCodeGrant(config, started.callback, {
    pkceCodeVerifier: verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });

describe('the city OpenID provider', () => {
  it('publishes its discovery document and keys', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      end_session_endpoint: `${issuer}/session/end`,
      code_challenge_methods_supported: ['S256'],
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    });
    expect(metadata.acr_values_supported).toEqual(expect.arrayContaining(Object.values(acrValues)));
    expect(metadata.claims_supported).toEqual(
      expect.arrayContaining(['personal_id', 'name', 'birthdate', 'gender', 'acr']),
    );
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'offline_access', 'profile', 'vn_identity']),
    );
    const jwks = (await (await fetch(String(metadata.jwks_uri))).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('signs a resident in at level 1 with code and PKCE; ID token verifies against the JWKS; userinfo has the claims', async () => {
    const browser = new Browser(networkTransport);
    const started = await signIn(browser, level2, 1, { acr_values: acrValues.vneidLevel1 });
    expect(started.callback.searchParams.get('code')).toBeTruthy();
    const tokens = await exchange(started);
    const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${issuer}/jwks`)), {
      issuer,
      audience: clientId,
    });
    expect(payload.acr).toBe(acrValues.vneidLevel1);
    expect(payload.nonce).toBe(started.nonce);
    const info = await client.fetchUserInfo(config, tokens.access_token, payload.sub!);
    expect(info).toMatchObject({
      sub: payload.sub,
      personal_id: level2.personalId,
      name: level2.fullName,
      birthdate: level2.dateOfBirth,
      gender: level2.sex,
    });
    // The same access token identifies the resident at the platform's own API (bearer, no cookie).
    const me = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      kind: 'citizen',
      acr: acrValues.vneidLevel1,
      registry: { personalId: level2.personalId, synthetic: true },
    });
  });

  it('issues level 2 when level 2 is asked of a resident who holds it', async () => {
    const browser = new Browser(networkTransport);
    const started = await signIn(browser, level2, 2, { acr_values: acrValues.vneidLevel2 });
    const tokens = await exchange(started);
    expect(tokens.claims()!.acr).toBe(acrValues.vneidLevel2);
  });

  it('never answers a level-2 request with a level-1 token', async () => {
    const browser = new Browser(networkTransport);
    const started = await authorizationRequest({ acr_values: acrValues.vneidLevel2 });
    const page = await browser.navigate(started.url.href, { stopAt: atRp });
    expect(page.body).toContain('mức 2');
    // The simulator offers level 1 only for this resident and refuses a forged level-2 choice.
    const results = await browser.submit(
      page,
      { q: level1.personalId },
      { pick: (form) => form.method === 'get' },
    );
    const forms = formsOf(results.body).filter((form) => form.fields.personalId === level1.personalId);
    expect(forms.map((form) => form.fields.level)).toEqual(['1']);
    const forged = await browser.navigate(new URL(forms[0]!.action, results.url).href, {
      method: 'POST',
      form: { personalId: level1.personalId, level: '2' },
      stopAt: atRp,
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('mức 1');
    // Signing in at level 1 anyway ends at the client with an error and no code.
    const back = await browser.submit(
      results,
      {},
      {
        pick: (form) => form.fields.personalId === level1.personalId && form.fields.level === '1',
        stopAt: atRp,
      },
    );
    const callback = new URL(back.url);
    expect(callback.searchParams.get('error')).toBe('unmet_authentication_requirements');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('steps an existing level-1 session up to level 2 instead of reusing it', async () => {
    const browser = new Browser(networkTransport);
    await exchange(await signIn(browser, level2, 1, { acr_values: acrValues.vneidLevel1 }));
    const started = await authorizationRequest({ acr_values: acrValues.vneidLevel2 });
    const notice = await browser.navigate(started.url.href, { stopAt: atRp });
    expect(notice.url).toContain('/oidc/interaction/');
    expect(notice.body).toContain('Cần xác thực ở mức cao hơn');
    expect(notice.body).not.toContain('Đăng nhập cán bộ');
    const page = await browser.navigate(new URL(vneidLink(notice), notice.url).href, { stopAt: atRp });
    const back = await pickResident(browser, page, level2, 2);
    const tokens = await exchange({ ...started, callback: new URL(back.url) });
    expect(tokens.claims()!.acr).toBe(acrValues.vneidLevel2);
  });

  it('carries the sign-in to another client (the portal) without asking again', async () => {
    const browser = new Browser(networkTransport);
    await exchange(await signIn(browser, level2, 2, { acr_values: acrValues.vneidLevel2 }));
    const portal = await browser.navigate(`${base}/auth/login?method=vneid&returnTo=/ca-nhan`, {
      stopAt: (location) => location.pathname === '/ca-nhan',
    });
    expect(portal.url).toBe(`${base}/ca-nhan`);
    const session = await browser.request(`${base}/api/session`);
    expect(await session.json()).toMatchObject({
      principal: { kind: 'citizen', fullName: level2.fullName, acr: acrValues.vneidLevel2 },
    });
  });

  it('refreshes tokens, rotating the refresh token', async () => {
    const browser = new Browser(networkTransport);
    // offline_access is honoured with prompt=consent (OpenID Connect Core 11).
    const tokens = await exchange(await signIn(browser, level2, 1, { prompt: 'consent' }));
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const info = await client.fetchUserInfo(config, refreshed.access_token, tokens.claims()!.sub);
    expect(info.personal_id).toBe(level2.personalId);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('logs out at the provider and tells the relying party through the back channel', async () => {
    const browser = new Browser(networkTransport);
    const tokens = await exchange(await signIn(browser, level2, 1));
    const sid = tokens.claims()!.sid;
    expect(sid).toBeTruthy();
    rp.logoutTokens.length = 0;
    const endSession = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: `${rp.url}/bye`,
      state: 'after-logout',
    });
    const confirm = await browser.navigate(endSession.href, { stopAt: atRp });
    expect(confirm.body).toContain('Đăng xuất khỏi mọi dịch vụ');
    const form = formsOf(confirm.body)[0]!;
    const done = await browser.navigate(new URL(form.action, confirm.url).href, {
      method: 'POST',
      form: { ...form.fields, logout: 'yes' },
      stopAt: atRp,
    });
    expect(done.url).toBe(`${rp.url}/bye?state=after-logout`);
    expect(rp.logoutTokens).toHaveLength(1);
    const { payload } = await jwtVerify(rp.logoutTokens[0]!, createRemoteJWKSet(new URL(`${issuer}/jwks`)), {
      issuer,
      audience: clientId,
    });
    expect(payload.sid).toBe(sid);
    expect(payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);
    // Without offline access, what the session gave ends with it.
    await expect(
      client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub),
    ).rejects.toBeTruthy();
    const bearer = await fetch(`${base}/api/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(bearer.status).toBe(401);
  });

  it("never lets an official's token act at the platform API from another application", async () => {
    const admin = demoOfficials.find((official) => official.username === 'admin.hanoi')!;
    const browser = new Browser(networkTransport);
    const started = await authorizationRequest({ acr_values: acrValues.officialMfa });
    const choice = await browser.navigate(started.url.href, { stopAt: atRp });
    const formLink = choice.body.match(/href="([^"]*\/official)"/);
    const form = formLink ? await browser.navigate(new URL(formLink[1]!, choice.url).href) : choice;
    expect(form.url).toMatch(/\/official$/);
    const totp = await generate({ secret: admin.totpSecret });
    const back = await browser.submit(
      form,
      { username: admin.username, password: DEMO_PASSWORD, totp },
      { stopAt: atRp },
    );
    const tokens = await exchange({ ...started, callback: new URL(back.url) });
    expect(decodeJwt(tokens.id_token!).acr).toBe(acrValues.officialMfa);
    for (const path of ['/api/me', '/api/identity/clients', '/api/audit']) {
      const response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(response.status, path).toBe(401);
    }
  });

  it('refuses a wrong PKCE verifier and a reused authorization code', async () => {
    const browser = new Browser(networkTransport);
    const wrong = await signIn(browser, level2, 1);
    await expect(exchange(wrong, client.randomPKCECodeVerifier())).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    const once = await signIn(browser, level2, 1);
    expect(once.callback.searchParams.get('code')).toBeTruthy();
    const first = await exchange(once);
    await expect(exchange(once)).rejects.toMatchObject({ error: 'invalid_grant' });
    // Replaying the code revokes what it gave.
    await expect(client.fetchUserInfo(config, first.access_token, first.claims()!.sub)).rejects.toBeTruthy();
  });

  it('refuses an unregistered redirect URI and a request without PKCE', async () => {
    const browser = new Browser(networkTransport);
    const bad = await authorizationRequest({ redirect_uri: `${rp.url}/elsewhere` });
    const page = await browser.navigate(bad.url.href, { stopAt: atRp });
    expect(page.status).toBe(400);
    expect(page.body).toContain('invalid_redirect_uri');
    expect(page.body).toContain('<html lang="vi">');

    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${rp.url}/cb`,
    }).toString();
    const noPkce = await browser.navigate(url.href, { stopAt: atRp });
    const callback = new URL(noPkce.url);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toContain('PKCE');
  });

  it('logs a token decoded by anyone as carrying the acr of its sign-in', async () => {
    const browser = new Browser(networkTransport);
    const tokens = await exchange(await signIn(browser, level2, 2, { acr_values: acrValues.vneidLevel2 }));
    expect(decodeJwt(tokens.id_token!).acr).toBe(acrValues.vneidLevel2);
  });
});
