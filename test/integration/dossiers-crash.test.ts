import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, formsOf, networkTransport } from '../../server/modules/identity/identity.testing.ts';
import { createTestDatabase, type TestDatabase, testEngine } from '../support/database.ts';
import { freePort, launchServer, stopProcess } from '../support/server-process.ts';

/**
 * Crash safety: the real server (`smartcity start`) as a child process, many submissions in
 * flight, SIGKILL, a restart over the same data (PGlite directory or PostgreSQL database), and
 * every dossier is whole (answers, attachment, submitted event, code) or absent — never half.
 */
// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

const SUBMISSIONS = 24;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const WATER = 'cap-nuoc-sach-sinh-hoat';

let dataDir: string;
let testDatabase: TestDatabase | null = null;
let child: ChildProcess | null = null;
let output = '';
let url = '';
let env: NodeJS.ProcessEnv;

async function launch() {
  child = await launchServer(
    env,
    url,
    (chunk) => {
      output += chunk;
    },
    () => output,
  );
}

async function kill(signal: NodeJS.Signals) {
  const running = child;
  child = null;
  await stopProcess(running, signal);
}

/** A citizen signed in through the VNeID simulator at level 1; answers the API caller. */
async function signIn() {
  const browser = new Browser(networkTransport);
  const atPortal = (location: URL) =>
    location.origin === url && !/^\/(oidc|vneid-sim|auth)\//.test(location.pathname);
  const page = await browser.navigate(`${url}/auth/login?method=vneid&returnTo=/ca-nhan`, {
    stopAt: atPortal,
  });
  const results = await browser.submit(page, { q: '0' }, { pick: (form) => form.method === 'get' });
  const pick = formsOf(results.body).find((form) => form.fields.level === '1' && form.fields.personalId);
  if (!pick) throw new Error(`no resident to pick on the simulator:\n${results.body.slice(0, 2000)}`);
  await browser.submit(
    results,
    {},
    {
      pick: (form) => form.fields.personalId === pick.fields.personalId && form.fields.level === '1',
      stopAt: atPortal,
    },
  );
  await browser.request(`${url}/api/session`);
  const session = browser.cookie('sc_session');
  const csrf = browser.cookie('sc_csrf');
  if (!session || !csrf) throw new Error('no session after sign-in');
  return (method: string, route: string, body?: object) =>
    fetch(`${url}${route}`, {
      method,
      headers: {
        cookie: `sc_session=${session}; sc_csrf=${csrf}`,
        'x-csrf-token': csrf,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-crash-'));
  const port = await freePort();
  url = `http://localhost:${port}`;
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    DEMO_POPULATION: '300',
    PORT: String(port),
    HOST: 'localhost',
    PUBLIC_URL: url,
    // Other test servers may run at the same time: the embedded MQTT broker takes any free port.
    MQTT_EMBEDDED_PORT: '0',
  };
  delete env.NODE_ENV;
  delete env.DATABASE_URL;
  delete env.MQTT_URL;
  if (testEngine() === 'postgres') {
    testDatabase = await createTestDatabase();
    env.DATABASE_URL = testDatabase.url!;
  }
  await launch();
}, 300_000);

afterAll(async () => {
  await kill('SIGKILL');
  await testDatabase?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('SIGKILL in the middle of submissions', () => {
  it('leaves every dossier whole or absent after a restart', async () => {
    let api = await signIn();
    const draftIds: string[] = [];
    const answersOf = new Map<string, Json>();
    for (let i = 0; i < SUBMISSIONS; i++) {
      const response = await api('POST', '/api/services/drafts', { procedureCode: WATER, fresh: true });
      expect(response.status, await response.clone().text()).toBe(200);
      const draft = (await response.json()) as Json;
      const consent = (await (
        await api('POST', `/api/services/drafts/${draft.id}/consent`, { accept: true })
      ).json()) as Json;
      const answers = {
        ...consent.answers,
        phone: '0912345678',
        installAddress: { detail: `Số ${i + 1} phố Hàng Bài`, communeCode: '00070', provinceCode: '01' },
        tenure: 'owner',
        householdSize: (i % 9) + 1,
      };
      draftIds.push(draft.id);
      answersOf.set(draft.id, answers);
    }

    // Fire every submission at once; kill the server as soon as the first ones are acknowledged.
    const acknowledged = new Set<string>();
    let firstAck: () => void = () => {};
    const someAcknowledged = new Promise<void>((resolve) => {
      firstAck = resolve;
    });
    const inFlight = draftIds.map(async (id) => {
      try {
        const response = await api('POST', `/api/services/drafts/${id}/submit`, {
          answers: answersOf.get(id),
          attachments: [
            { key: 'houseProof', filename: `nha-${id}.pdf`, contentBase64: PDF.toString('base64') },
          ],
        });
        if (response.status === 201) {
          acknowledged.add(id);
          if (acknowledged.size >= 3) firstAck();
        }
      } catch {
        // the connection died with the server
      }
    });
    await Promise.race([someAcknowledged, Promise.all(inFlight)]);
    await kill('SIGKILL');
    await Promise.all(inFlight);
    expect(acknowledged.size).toBeGreaterThan(0);

    output = '';
    await launch();
    api = await signIn();

    const mine = ((await (await api('GET', '/api/services/dossiers/mine')).json()) as Json).items as Json[];
    const open = ((await (await api('GET', '/api/services/drafts')).json()) as Json).items as Json[];
    const openIds = new Set(open.map((d) => d.id));
    // Each draft is either still open (absent as a dossier) or became exactly one whole dossier.
    const submittedDrafts = draftIds.filter((id) => !openIds.has(id));
    expect(submittedDrafts.length).toBe(mine.length);
    console.info(
      `crash test: ${SUBMISSIONS} submissions, ${acknowledged.size} acknowledged before SIGKILL, ${mine.length} whole after restart, ${SUBMISSIONS - mine.length} absent`,
    );
    for (const id of acknowledged) expect(openIds.has(id)).toBe(false);

    for (const summary of mine) {
      expect(summary.code).toMatch(/^SXD-\d{8}-\d{4}$/);
      const detail = (await (await api('GET', `/api/services/dossiers/mine/${summary.code}`)).json()) as Json;
      expect(detail.state).toBe('submitted');
      expect(detail.events.map((e: Json) => e.kind)).toEqual(['submitted']);
      expect(detail.attachments).toHaveLength(1);
      expect(detail.attachments[0].sizeBytes).toBe(PDF.length);
      const file = await api(
        'GET',
        `/api/services/dossiers/${summary.code}/attachments/${detail.attachments[0].id}`,
      );
      expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
      expect(detail.answers.tenure).toBe('owner');
      expect(detail.answers.installAddress.detail).toMatch(/^Số \d+ phố Hàng Bài$/);
      expect(Object.keys(detail.provenance).sort()).toEqual(Object.keys(detail.answers).sort());
    }
    expect(new Set(mine.map((d) => d.code)).size).toBe(mine.length);

    // The ones that were never written can still be submitted after the restart.
    const left = draftIds.filter((id) => openIds.has(id));
    for (const id of left.slice(0, 2)) {
      const response = await api('POST', `/api/services/drafts/${id}/submit`, {
        answers: answersOf.get(id),
        attachments: [{ key: 'houseProof', filename: 'nha.pdf', contentBase64: PDF.toString('base64') }],
      });
      expect(response.status).toBe(201);
    }
  }, 600_000);
});
