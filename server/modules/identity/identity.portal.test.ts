import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { DEMO_PASSWORD, demoOfficials } from '../../demo/officials.ts';
import { searchAudit } from '../../platform/audit/audit.ts';
import { acrValues } from '../../platform/auth/principal.ts';
import { isoDateInHanoi } from '../../platform/clock.ts';
import type { ResidentSummary } from '../population/index.ts';
import { Browser, formsOf, type Page } from './identity.testing.ts';
import { createSelfFetch } from './self-fetch.ts';

/**
 * The portal's backend-for-frontend and the officials' sign-in, in process (inject): sessions,
 * CSRF, step-up, single logout with the back channel, password + TOTP with throttling, the
 * client registry for the city administrator, and the denials.
 */
let t: TestPlatform;
let publicUrl: string;
let offsetMs = 0;
const clock = {
  now: () => new Date(Date.now() + offsetMs),
  today: () => isoDateInHanoi(new Date(Date.now() + offsetMs)),
};
let resident: ResidentSummary;

beforeAll(async () => {
  t = await createTestPlatform({
    demo: true,
    demoPopulation: 300,
    clock,
    env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' },
  });
  publicUrl = t.platform.context.config.publicUrl;
  const residents = await t.platform.population.searchResidents({ minLevel: 2, limit: 5 });
  resident = residents[0]!;
});
afterAll(() => t?.close());

const newBrowser = () => new Browser(createSelfFetch(publicUrl, () => t.server));
const url = (path: string) => `${publicUrl}${path}`;
const atPortal = (location: URL) =>
  location.origin === publicUrl && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);

// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

async function getJson(browser: Browser, path: string, headers: Record<string, string> = {}) {
  const response = await browser.request(url(path), { headers });
  return { status: response.status, body: (await response.json()) as Json, response };
}

async function csrf(browser: Browser): Promise<string> {
  return (await getJson(browser, '/api/session')).body.csrfToken;
}

async function pickOnSimulator(browser: Browser, page: Page, level: 1 | 2) {
  expect(page.body).toContain(
    'Mô phỏng VNeID — không phải hệ thống thật / VNeID simulator — not the real system',
  );
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
      stopAt: atPortal,
    },
  );
}

async function citizenSignIn(browser: Browser, query = 'method=vneid&returnTo=/ca-nhan') {
  const page = await browser.navigate(url(`/auth/login?${query}`), { stopAt: atPortal });
  return pickOnSimulator(browser, page, 1);
}

/** A fresh one-time code each time: the clock moves a step on, so no code is ever replayed. */
async function totpFor(username: string) {
  offsetMs += 30_000;
  const secret = demoOfficials.find((official) => official.username === username)!.totpSecret;
  return generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
}

async function officialForm(browser: Browser) {
  const page = await browser.navigate(url('/auth/login?method=official&returnTo=/quan-tri'), {
    stopAt: atPortal,
  });
  expect(page.url).toMatch(/\/oidc\/interaction\/[^/]+\/official$/);
  return page;
}

async function officialSignIn(browser: Browser, username: string) {
  const form = await officialForm(browser);
  const done = await browser.submit(
    form,
    { username, password: DEMO_PASSWORD, totp: await totpFor(username) },
    { stopAt: atPortal },
  );
  expect(done.url, done.body).toBe(url('/quan-tri'));
  return done;
}

describe('the portal session (backend-for-frontend)', () => {
  it('documents its routes in the OpenAPI document, and not the OpenID protocol endpoints', async () => {
    const spec = (await t.server.inject('/api/openapi.json')).json() as { paths: Record<string, object> };
    const paths = Object.keys(spec.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/session',
        '/api/me',
        '/auth/login',
        '/auth/callback',
        '/auth/logout',
        '/auth/backchannel-logout',
        '/api/identity/clients',
        '/api/identity/clients/{clientId}',
      ]),
    );
    expect(paths.filter((path) => /^\/(oidc|vneid-sim)/.test(path))).toEqual([]);
  });

  it('hands out the CSRF token in a readable, strict cookie, once', async () => {
    const browser = newBrowser();
    const first = await getJson(browser, '/api/session');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ csrfToken: expect.any(String), simulator: true, principal: null });
    const cookie = first.response.headers.getSetCookie().find((line) => line.startsWith('sc_csrf='))!;
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('HttpOnly');
    expect(browser.cookie('sc_csrf')).toBe(first.body.csrfToken);
    const second = await getJson(browser, '/api/session');
    expect(second.body.csrfToken).toBe(first.body.csrfToken);
    expect(second.response.headers.getSetCookie()).toEqual([]);
  });

  it('accepts only a local path to return to', async () => {
    const browser = newBrowser();
    for (const returnTo of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const response = await browser.request(
        url(`/auth/login?method=vneid&returnTo=${encodeURIComponent(returnTo)}`),
      );
      expect(response.status, returnTo).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const ok = await browser.request(
      url('/auth/login?method=vneid&acr=urn:hanoi:acr:vneid:2&returnTo=/dich-vu'),
    );
    expect(ok.status).toBe(302);
    const target = new URL(ok.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe(url('/oidc/auth'));
    expect(target.searchParams.get('client_id')).toBe('city-portal');
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    expect(target.searchParams.get('acr_values')).toBe(acrValues.vneidLevel2);
    const official = await browser.request(url('/auth/login?method=official&acr=urn:hanoi:acr:vneid:2'));
    expect(official.status).toBe(400);
  });

  it('signs a citizen in through VNeID (simulated) into a server-side session', async () => {
    const browser = newBrowser();
    const done = await citizenSignIn(browser);
    expect(done.url).toBe(url('/ca-nhan'));
    const setCookie = done.response.headers.getSetCookie().find((line) => line.startsWith('sc_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    const session = await getJson(browser, '/api/session');
    expect(session.body.principal).toEqual({
      kind: 'citizen',
      accountId: expect.any(String),
      fullName: resident.fullName,
      acr: acrValues.vneidLevel1,
      acrLabel: { vi: 'VNeID mức 1', en: 'VNeID level 1' },
      personalIdMasked: `${resident.personalId.slice(0, 3)}******${resident.personalId.slice(-3)}`,
    });
    const me = await getJson(browser, '/api/me');
    expect(me.body).toMatchObject({
      kind: 'citizen',
      acr: acrValues.vneidLevel1,
      registry: { personalId: resident.personalId, fullName: resident.fullName, synthetic: true },
    });
    // The sign-in is counted for the plan's unified-identity indicators.
    const counts = await t.platform.identity.signInCounts(
      new Date(0),
      new Date(Date.now() + 86_400_000 * 365),
    );
    expect(counts.citizen.signIns).toBeGreaterThanOrEqual(1);
    expect(counts.citizen.accounts).toBeGreaterThanOrEqual(1);
    const accounts = await t.platform.identity.accountCounts();
    expect(accounts.officials).toBe(14);
    expect(accounts.citizens).toBeGreaterThanOrEqual(1);
  });

  it('steps a level-1 session up to level 2 when a service asks for it', async () => {
    const browser = newBrowser();
    await citizenSignIn(browser);
    const notice = await browser.navigate(
      url('/auth/login?method=vneid&acr=urn:hanoi:acr:vneid:2&returnTo=/ho-so'),
      { stopAt: atPortal },
    );
    expect(notice.body).toContain('Cần xác thực ở mức cao hơn');
    expect(notice.body).toContain('VNeID mức 1');
    const link = notice.body.match(/href="([^"]*\/vneid)"/)![1]!;
    const simulator = await browser.navigate(new URL(link, notice.url).href, { stopAt: atPortal });
    const done = await pickOnSimulator(browser, simulator, 2);
    expect(done.url).toBe(url('/ho-so'));
    expect((await getJson(browser, '/api/session')).body.principal.acr).toBe(acrValues.vneidLevel2);
  });

  it('returns a refused sign-in to the page with an error, without a session', async () => {
    const browser = newBrowser();
    const page = await browser.navigate(url('/auth/login?method=vneid&returnTo=/trang'), {
      stopAt: atPortal,
    });
    const cancel = page.body.match(/href="([^"]*\/abort)"/)![1]!;
    const back = await browser.navigate(new URL(cancel, page.url).href, { stopAt: atPortal });
    expect(back.url).toBe(url('/trang?authError=access_denied'));
    expect((await getJson(browser, '/api/session')).body.principal).toBeNull();
  });

  it('logs out everywhere: the provider ends the session and the back channel ends the portal’s other sessions', async () => {
    const browser = newBrowser();
    await citizenSignIn(browser);
    const firstSession = browser.cookie('sc_session')!;
    // A second portal session in the same single sign-on session (another tab signing in again).
    const again = await browser.navigate(url('/auth/login?method=vneid&returnTo=/'), { stopAt: atPortal });
    expect(again.url).toBe(url('/'));
    expect(browser.cookie('sc_session')).not.toBe(firstSession);

    const token = await csrf(browser);
    const refused = await browser.request(url('/auth/logout'), { method: 'POST' });
    expect(refused.status).toBe(403);
    const logout = await browser.request(url('/auth/logout'), {
      method: 'POST',
      headers: { 'x-csrf-token': token },
    });
    expect(logout.status).toBe(200);
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    const endSession = new URL(redirectTo);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(url('/oidc/session/end'));
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(url('/'));
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(browser.cookie('sc_session')).toBeUndefined();

    const confirm = await browser.navigate(redirectTo, { stopAt: atPortal });
    expect(confirm.body).toContain('<html lang="vi">');
    const form = formsOf(confirm.body)[0]!;
    const done = await browser.navigate(new URL(form.action, confirm.url).href, {
      method: 'POST',
      form: { ...form.fields, logout: 'yes' },
      stopAt: atPortal,
    });
    expect(done.url).toBe(url('/'));
    // The first session was ended by the provider's back-channel call to the portal.
    browser.setCookie('sc_session', firstSession);
    expect((await getJson(browser, '/api/session')).body.principal).toBeNull();
  });

  it('refuses a forged back-channel logout token', async () => {
    const response = await t.server.inject({
      method: 'POST',
      url: '/auth/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'logout_token=eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0.',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('officials: password and one-time code', () => {
  it('signs an official in and shows their roles at their agency', async () => {
    const browser = newBrowser();
    await officialSignIn(browser, 'quantri.soyte');
    const session = await getJson(browser, '/api/session');
    expect(session.body.principal).toMatchObject({
      kind: 'official',
      username: 'quantri.soyte',
      fullName: 'Đặng Văn Hùng',
      acr: acrValues.officialMfa,
      memberships: [
        {
          unitId: 'so-y-te',
          unitNameVi: 'Sở Y tế',
          unitNameEn: 'Department of Health',
          role: 'agency_admin',
          roleVi: 'Quản trị cơ quan',
          roleEn: 'Agency administrator',
        },
      ],
    });
    const me = await getJson(browser, '/api/me');
    expect(me.body).toMatchObject({
      kind: 'official',
      demo: true,
      titleVi: expect.stringContaining('Sở Y tế'),
      email: expect.stringContaining('@'),
    });
    const audit = await searchAudit(t.platform.context.database, {
      action: 'identity.login.succeeded',
      limit: 50,
    });
    expect(audit.some((entry) => entry.actor_label === 'quantri.soyte')).toBe(true);
  });

  it('refuses a wrong one-time code, says so next to the form, and audits it', async () => {
    const browser = newBrowser();
    const form = await officialForm(browser);
    const page = await browser.submit(
      form,
      { username: 'baocao.soyte', password: DEMO_PASSWORD, totp: '000000' },
      { stopAt: atPortal },
    );
    expect(page.status).toBe(401);
    expect(page.url).toMatch(/\/official$/);
    expect(page.body).toContain('role="alert"');
    expect(page.body).toContain('không đúng');
    const audit = await searchAudit(t.platform.context.database, {
      action: 'identity.login.failed',
      limit: 50,
    });
    expect(audit.find((entry) => entry.details.username === 'baocao.soyte')?.details.reason).toBe('bad_totp');
    const empty = await browser.submit(form, { username: '', password: '', totp: '' }, { stopAt: atPortal });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('aria-invalid="true"');
    expect(empty.body).toContain('aria-describedby="field-username-error"');
  });

  it('locks a user name after repeated failures, audits the lock, and lets them in once it lapses', async () => {
    const browser = newBrowser();
    const form = await officialForm(browser);
    for (let i = 0; i < 3; i++) {
      const page = await browser.submit(form, {
        username: 'duyet.soyte',
        password: 'wrong-password-123',
        totp: '123456',
      });
      expect(page.status).toBe(i < 2 ? 401 : 429);
    }
    const locked = await browser.submit(form, {
      username: 'duyet.soyte',
      password: DEMO_PASSWORD,
      totp: await totpFor('duyet.soyte'),
    });
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('tạm khóa');
    const audit = await searchAudit(t.platform.context.database, {
      action: 'identity.login.locked',
      limit: 10,
    });
    expect(audit[0]).toMatchObject({
      object_id: 'duyet.soyte',
      details: { by: 'username', username: 'duyet.soyte' },
    });

    offsetMs += 16 * 60_000;
    // The pending portal sign-in has expired meanwhile too: start afresh.
    const done = await browser.submit(
      await officialForm(browser),
      { username: 'duyet.soyte', password: DEMO_PASSWORD, totp: await totpFor('duyet.soyte') },
      { stopAt: atPortal },
    );
    expect(done.url).toBe(url('/quan-tri'));
  });
});

describe('the client registry and who may do what', () => {
  it('lets the city administrator register, list and remove clients (audited), never the built-in one', async () => {
    const browser = newBrowser();
    await officialSignIn(browser, 'admin.hanoi');
    const token = await csrf(browser);
    const headers = { 'x-csrf-token': token, 'content-type': 'application/json' };
    const list = await getJson(browser, '/api/identity/clients');
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual(
      expect.objectContaining({
        clientId: 'city-portal',
        builtIn: true,
        public: false,
        redirectUris: [url('/auth/callback')],
      }),
    );

    const bad = await browser.request(url('/api/identity/clients'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Thử', redirectUris: ['http://example.com/cb'] }),
    } as never);
    expect(bad.status).toBe(400);

    const created = await t.server.inject({
      method: 'POST',
      url: '/api/identity/clients',
      headers: { ...headers, cookie: `sc_session=${browser.cookie('sc_session')}; sc_csrf=${token}` },
      payload: {
        name: 'Hệ thống một cửa điện tử',
        redirectUris: ['https://motcua.example.vn/callback'],
        public: false,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { clientId, clientSecret } = created.json();
    expect(clientSecret).toHaveLength(43);
    const unknownField = await t.server.inject({
      method: 'POST',
      url: '/api/identity/clients',
      headers: { ...headers, cookie: `sc_session=${browser.cookie('sc_session')}; sc_csrf=${token}` },
      payload: { name: 'X y', redirectUris: ['https://a.example/cb'], scope: 'admin' },
    });
    expect(unknownField.statusCode).toBe(400);

    const cookie = `sc_session=${browser.cookie('sc_session')}; sc_csrf=${token}`;
    const builtIn = await t.server.inject({
      method: 'DELETE',
      url: '/api/identity/clients/city-portal',
      headers: { 'x-csrf-token': token, cookie },
    });
    expect(builtIn.statusCode).toBe(422);
    const removed = await t.server.inject({
      method: 'DELETE',
      url: `/api/identity/clients/${clientId}`,
      headers: { 'x-csrf-token': token, cookie },
    });
    expect(removed.statusCode).toBe(204);
    const actions = (
      await searchAudit(t.platform.context.database, { action: 'identity.client.', limit: 20 })
    )
      .filter((entry) => entry.object_id === clientId)
      .map((entry) => [entry.action, entry.actor_label]);
    expect(actions).toEqual([
      ['identity.client.delete', 'admin.hanoi'],
      ['identity.client.create', 'admin.hanoi'],
    ]);
  });

  it('denies the client registry to anonymous callers, citizens and other officials', async () => {
    expect((await t.server.inject('/api/identity/clients')).statusCode).toBe(401);
    expect((await t.server.inject('/api/me')).statusCode).toBe(401);
    const citizen = newBrowser();
    await citizenSignIn(citizen);
    expect((await citizen.request(url('/api/identity/clients'))).status).toBe(403);
    const reporter = newBrowser();
    await officialSignIn(reporter, 'baocao.soxd');
    expect((await reporter.request(url('/api/identity/clients'))).status).toBe(403);
  });

  it('keeps an agency administrator to their own agency', async () => {
    const browser = newBrowser();
    await officialSignIn(browser, 'quantri.soyte');
    const token = await csrf(browser);
    const cookie = `sc_session=${browser.cookie('sc_session')}; sc_csrf=${token}`;
    const headers = { 'x-csrf-token': token, cookie };
    const colleague = (
      await t.platform.org.officialsOfUnit(
        {
          kind: 'official',
          accountId: 'x',
          officialId: 'x',
          sessionId: 'x',
          username: 'x',
          fullName: 'x',
          acr: acrValues.officialMfa,
          memberships: [{ unitId: 'hanoi', role: 'city_admin' }],
        },
        'so-xay-dung',
      )
    )[0]!;
    const grantElsewhere = await t.server.inject({
      method: 'POST',
      url: '/api/org/units/so-xay-dung/memberships',
      headers,
      payload: { officialId: colleague.id, role: 'case_officer' },
    });
    expect(grantElsewhere.statusCode).toBe(403);
    const contactElsewhere = await t.server.inject({
      method: 'PATCH',
      url: '/api/org/units/so-xay-dung/contact',
      headers,
      payload: { phone: '024 1234 5678' },
    });
    expect(contactElsewhere.statusCode).toBe(403);
    const contactOwn = await t.server.inject({
      method: 'PATCH',
      url: '/api/org/units/so-y-te/contact',
      headers,
      payload: { phone: '024 3998 5765' },
    });
    expect(contactOwn.statusCode).toBe(200);
  });
});
