import { generate } from 'otplib';
import { DEMO_PASSWORD, demoOfficials } from '../../server/demo/officials.ts';
import { Browser } from '../../server/modules/identity/identity.testing.ts';
import { createSelfFetch } from '../../server/modules/identity/self-fetch.ts';
import type { TestPlatform } from './platform.ts';

/**
 * A demo official signed in through the real sign-on (password + TOTP, in process), holding the
 * portal session and CSRF cookies, with a `request` that calls the API as that official does.
 */
export type OfficialSession = {
  username: string;
  /** The session and CSRF cookies and header, for callers that build their own requests. */
  headers: Record<string, string>;
  request(init: {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    payload?: string | Buffer | object;
    headers?: Record<string, string>;
  }): Promise<Awaited<ReturnType<TestPlatform['server']['inject']>>>;
};

/** TOTP codes cannot be replayed: sign-ins of one account in the same 30 s step wait for the next. */
const lastStep = new Map<string, number>();

async function freshCode(username: string, secret: string): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    if (lastStep.get(username) !== step) {
      lastStep.set(username, step);
      return generate({ secret, epoch: Math.floor(Date.now() / 1000) });
    }
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 50));
  }
}

export async function signInOfficial(t: TestPlatform, username: string): Promise<OfficialSession> {
  const demo = demoOfficials.find((official) => official.username === username);
  if (!demo) throw new Error(`no demo official ${username}`);
  const publicUrl = t.platform.context.config.publicUrl;
  const browser = new Browser(createSelfFetch(publicUrl, () => t.server));
  const atPortal = (location: URL) =>
    location.origin === publicUrl && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);
  const form = await browser.navigate(`${publicUrl}/auth/login?method=official&returnTo=/quan-tri`, {
    stopAt: atPortal,
  });
  const done = await browser.submit(
    form,
    { username, password: DEMO_PASSWORD, totp: await freshCode(username, demo.totpSecret) },
    { stopAt: atPortal },
  );
  if (done.url !== `${publicUrl}/quan-tri`) throw new Error(`sign-in of ${username} failed at ${done.url}`);
  await browser.request(`${publicUrl}/api/session`);
  const session = browser.cookie('sc_session');
  const csrf = browser.cookie('sc_csrf');
  if (!session || !csrf) throw new Error(`no session cookies for ${username}`);
  const sessionHeaders = { cookie: `sc_session=${session}; sc_csrf=${csrf}`, 'x-csrf-token': csrf };
  return {
    username,
    headers: sessionHeaders,
    request: ({ method = 'GET', url, payload, headers = {} }) =>
      t.server.inject({
        method,
        url,
        headers: { ...sessionHeaders, ...headers },
        ...(payload === undefined ? {} : { payload }),
      }),
  };
}

/** A multipart/form-data body with one file (and optional fields), for `inject`. */
export function multipartBody(
  file: { field?: string; filename: string; contentType: string; bytes: Buffer },
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----smartcity${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
