import { Browser } from '../../server/modules/identity/identity.testing.ts';
import { createSelfFetch } from '../../server/modules/identity/self-fetch.ts';
import type { TestPlatform } from './platform.ts';

/**
 * A synthetic resident signed in through the VNeID simulator (in process), holding the portal
 * session and CSRF cookies: `headers` for `t.server.inject` as that citizen.
 */
export async function signInCitizen(
  t: TestPlatform,
  options: { minLevel?: 1 | 2 } = {},
): Promise<{ personalId: string; headers: Record<string, string> }> {
  const publicUrl = t.platform.context.config.publicUrl;
  const browser = new Browser(createSelfFetch(publicUrl, () => t.server));
  const atPortal = (location: URL) =>
    location.origin === publicUrl && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);
  const resident = (
    await t.platform.population.searchResidents({ minLevel: options.minLevel ?? 1, limit: 1 })
  )[0];
  if (!resident) throw new Error('no synthetic resident to sign in');
  let page = await browser.navigate(`${publicUrl}/auth/login?method=vneid&returnTo=/ca-nhan`, {
    stopAt: atPortal,
  });
  page = await browser.submit(page, { q: resident.personalId }, { pick: (form) => form.method === 'get' });
  await browser.submit(
    page,
    {},
    { pick: (form) => form.fields.personalId === resident.personalId, stopAt: atPortal },
  );
  await browser.request(`${publicUrl}/api/session`);
  const session = browser.cookie('sc_session');
  const csrf = browser.cookie('sc_csrf');
  if (!session || !csrf) throw new Error('no session cookies for the citizen');
  return {
    personalId: resident.personalId,
    headers: { cookie: `sc_session=${session}; sc_csrf=${csrf}`, 'x-csrf-token': csrf },
  };
}
