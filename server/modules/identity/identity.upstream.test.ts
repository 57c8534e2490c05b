import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { Browser } from './identity.testing.ts';
import { createSelfFetch } from './self-fetch.ts';

/** With a real VNeID configured, the simulator is gone and sign-in goes to the configured issuer. */
let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform({
    env: {
      VNEID_ISSUER: 'https://vneid.example.invalid/oidc',
      VNEID_CLIENT_ID: 'hanoi',
      VNEID_CLIENT_SECRET: 'not-a-real-secret',
    },
  });
});
afterAll(() => t?.close());

describe('production mode: an upstream VNeID instead of the simulator', () => {
  it('reports no simulator and serves none', async () => {
    expect((await t.server.inject('/api/session')).json().simulator).toBe(false);
    const simulator = await t.server.inject('/vneid-sim/.well-known/openid-configuration');
    expect(simulator.statusCode).toBe(404);
  });

  it('sends citizens to the configured issuer, and says so plainly when it cannot be reached', async () => {
    const publicUrl = t.platform.context.config.publicUrl;
    const browser = new Browser(createSelfFetch(publicUrl, () => t.server));
    const page = await browser.navigate(`${publicUrl}/auth/login?method=vneid&returnTo=/`);
    expect(page.url).toMatch(/\/oidc\/interaction\/[^/]+\/vneid$/);
    expect(page.status).toBe(502);
    expect(page.body).toContain('không kết nối được tới VNeID');
    expect(page.body).not.toContain('Mô phỏng VNeID');
  });
});
