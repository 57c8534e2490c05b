import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCitizen } from '../../../test/support/citizens.ts';
import { seedOfficials } from '../../../test/support/demo-officials.ts';
import { completeAnswers } from '../../../test/support/forms.ts';
import { multipartBody, signInOfficial } from '../../../test/support/officials.ts';
import { readPdf } from '../../../test/support/pdf.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { acrValues, type Principal } from '../../platform/auth/principal.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

const WATER = 'cap-nuoc-sach-sinh-hoat'; // level 1, one attachment (houseProof)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const squash = (text: string) => text.replace(/\s+/g, ' ');
const routes = [
  { method: 'GET', url: '/api/me/data-export' },
  { method: 'GET', url: '/api/me/data-export.pdf' },
  { method: 'GET', url: '/api/me/deletion-requests' },
  { method: 'POST', url: '/api/me/deletion-requests', payload: { confirm: true } },
] as const;

let t: TestPlatform;
let me: { personalId: string; headers: Record<string, string> };
let fullName = '';
let officialHeaders: Record<string, string>;
const stranger: { principal?: Extract<Principal, { kind: 'citizen' }>; draftId?: string } = {};
let submittedCode = '';
let openDraftId = '';

const as = (
  headers: Record<string, string> | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object | Buffer,
  extra: Record<string, string> = {},
) =>
  t.server.inject({
    method,
    url,
    headers: { ...(headers ?? { cookie: 'sc_csrf=anon', 'x-csrf-token': 'anon' }), ...extra },
    ...(payload === undefined ? {} : { payload }),
  });

const auditCount = async (action: string) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from platform.audit_log where action = ${action}`.execute(
      t.platform.context.database.db,
    )
  ).rows[0]!.n;

/** Notifications of one account, and the outbox messages sent for them, by status. */
const noticesOf = async (accountId: string) => {
  const db = t.platform.context.database.db;
  const inbox = await sql<{ n: number }>`
    select count(*)::int as n from platform.notifications
    where recipient_kind = 'citizen' and recipient_id = ${accountId}`.execute(db);
  const outbox = await sql<{ status: string; n: number }>`
    select o.status, count(*)::int as n from platform.outbox o
    join platform.notifications n on n.id = o.notification_id
    where n.recipient_kind = 'citizen' and n.recipient_id = ${accountId}
    group by o.status order by o.status`.execute(db);
  return {
    notifications: inbox.rows[0]!.n,
    outbox: Object.fromEntries(outbox.rows.map((row) => [row.status, row.n])),
  };
};

/** A notification with an e-mail (kept locally, no SMTP in tests), its message then set to `status`. */
const notifyCitizen = async (accountId: string, status: 'local' | 'pending' | 'sent') => {
  const { database, notify } = t.platform.context;
  const id = await notify.send(database.db, {
    recipient: { kind: 'citizen', id: accountId, email: 'nguoi.dan@example.vn' },
    subject: { vi: 'Thông báo thử', en: 'Test notice' },
    body: { vi: 'Nội dung', en: 'Body' },
    topic: 'privacy.test',
  });
  await sql`update platform.outbox set status = ${status} where notification_id = ${id}`.execute(database.db);
  return id;
};

let myAccountId = '';

const fileCount = async () =>
  (
    await sql<{ n: number }>`select count(*)::int as n from platform.files`.execute(
      t.platform.context.database.db,
    )
  ).rows[0]!.n;

beforeAll(async () => {
  t = await createTestPlatform();
  await t.platform.population.ensureGenerated(300);
  await seedOfficials(t);
  me = await signInCitizen(t, { minLevel: 2 });
  fullName = (await t.platform.population.findByPersonalId(me.personalId))!.fullName;
  officialHeaders = (await signInOfficial(t, 'hoso.soyte')).headers;

  // The citizen: a submitted dossier (with consent and pre-fill), then a second, open draft with a file.
  const started = (await as(me.headers, 'POST', '/api/services/drafts', { procedureCode: WATER })).json();
  const consented = await as(me.headers, 'POST', `/api/services/drafts/${started.id}/consent`, {
    accept: true,
  });
  expect(consented.statusCode, consented.body).toBe(200);
  const submitted = await as(me.headers, 'POST', `/api/services/drafts/${started.id}/submit`, {
    answers: completeAnswers(consented.json()),
    attachments: [{ key: 'houseProof', filename: 'so-do.pdf', contentBase64: PDF.toString('base64') }],
  });
  expect(submitted.statusCode, submitted.body).toBe(201);
  submittedCode = submitted.json().code;
  const open = await as(me.headers, 'POST', '/api/services/drafts', { procedureCode: WATER, fresh: true });
  openDraftId = open.json().id;
  expect(
    (
      await as(me.headers, 'PUT', `/api/services/drafts/${openDraftId}`, {
        answers: { note: 'Bản nháp riêng' },
      })
    ).statusCode,
  ).toBe(200);
  const body = multipartBody(
    { filename: 'giay-to.pdf', contentType: 'application/pdf', bytes: PDF },
    { key: 'houseProof' },
  );
  const attached = await as(
    me.headers,
    'POST',
    `/api/services/drafts/${openDraftId}/attachments`,
    body.payload,
    body.headers,
  );
  expect(attached.statusCode, attached.body).toBe(201);

  // Another citizen with a draft and an active consent of their own.
  const other = (await t.platform.population.searchResidents({ minLevel: 2, limit: 5 })).find(
    (resident) => resident.personalId !== me.personalId,
  )!;
  stranger.principal = {
    kind: 'citizen',
    accountId: `acct-${other.personalId}`,
    sessionId: 'session-stranger',
    personalId: other.personalId,
    fullName: other.fullName,
    acr: acrValues.vneidLevel2,
  };
  const { drafts } = t.platform.services.dossiers;
  stranger.draftId = (await drafts.start(stranger.principal, WATER)).id;
  await drafts.consent({ principal: stranger.principal, requestId: null, ip: null }, stranger.draftId, true);

  // Notifications: the stranger's own, and one of the citizen's whose e-mail is still being sent.
  myAccountId = (
    await sql<{ id: string }>`select id from identity.accounts where personal_id = ${me.personalId}`.execute(
      t.platform.context.database.db,
    )
  ).rows[0]!.id;
  await notifyCitizen(stranger.principal.accountId, 'sent');
  await notifyCitizen(stranger.principal.accountId, 'local');
  await notifyCitizen(myAccountId, 'sent');
  await notifyCitizen(myAccountId, 'pending');
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('access', () => {
  it('anonymous callers get 401 and officials 403 on every privacy route', async () => {
    for (const route of routes) {
      const payload = 'payload' in route ? route.payload : undefined;
      const anonymous = await as(null, route.method, route.url, payload);
      expect(anonymous.statusCode, route.url).toBe(401);
      expect(anonymous.headers['content-type']).toContain('application/problem+json');
      expect((await as(officialHeaders, route.method, route.url, payload)).statusCode, route.url).toBe(403);
    }
  });
});

describe('export', () => {
  it('gives the citizen everything held about them as JSON, and nothing of anyone else', async () => {
    const before = await auditCount('me.data_export');
    const response = await as(me.headers, 'GET', '/api/me/data-export');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="du-lieu-ca-nhan-.*\.json"$/,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const data: Json = response.json();
    expect(data).toMatchObject({
      format: 'hanoi-smartcity/personal-data-export',
      version: 1,
      subject: { personalId: me.personalId, fullName },
    });
    expect(data.identity.account).toMatchObject({ personalId: me.personalId, fullName });
    expect(data.identity.signIns.length).toBeGreaterThan(0);
    expect(data.population.resident.personalId).toBe(me.personalId);
    expect(data.services.drafts.map((d: Json) => d.id)).toEqual([openDraftId]);
    expect(data.services.drafts[0].answers).toEqual({ note: 'Bản nháp riêng' });
    expect(data.services.drafts[0].attachments).toMatchObject([{ filename: 'giay-to.pdf' }]);
    expect(data.services.dossiers.map((d: Json) => d.code)).toEqual([submittedCode]);
    expect(data.services.dossiers[0].answers.fullName).toBe(fullName);
    expect(data.services.dossiers[0].attachments).toMatchObject([{ filename: 'so-do.pdf' }]);
    expect(data.services.dossiers[0].events[0]).toMatchObject({ toState: 'submitted' });
    expect(data.exchange.consents).toHaveLength(1);
    expect(data.exchange.consents[0].status).toBe('active');
    expect(data.exchange.dataUsage.length).toBeGreaterThan(0);
    expect(data.notifications.length).toBeGreaterThan(0);
    expect(data.privacy.deletionRequests).toEqual([]);
    // Nothing of the other citizen: neither their id, nor their draft, nor their name.
    expect(response.body).not.toContain(stranger.principal!.personalId);
    expect(response.body).not.toContain(stranger.draftId!);
    expect(await auditCount('me.data_export')).toBe(before + 1);
  });

  it('gives the same as a Vietnamese PDF with the citizen’s name, diacritics intact', async () => {
    const before = await auditCount('me.data_export');
    const response = await as(me.headers, 'GET', '/api/me/data-export.pdf');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".*\.pdf"$/);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = squash((await readPdf(response.rawPayload)).text);
    expect(fullName).toMatch(/[^\u0020-\u007e]/); // a name with Vietnamese letters, or the check says nothing
    expect(text).toContain(`Người dân / Citizen: ${fullName}`);
    expect(text).toContain('Dữ liệu cá nhân của tôi');
    expect(text).toContain(submittedCode);
    expect(text).toContain('Bản nháp riêng');
    expect(text).not.toContain(stranger.principal!.fullName);
    expect(await auditCount('me.data_export')).toBe(before + 1);
  });

  it('refuses unknown query parameters', async () => {
    expect((await as(me.headers, 'GET', '/api/me/data-export?all=1')).statusCode).toBe(400);
  });
});

describe('deletion request', () => {
  it('needs an explicit confirmation', async () => {
    const response = await as(me.headers, 'POST', '/api/me/deletion-requests', {});
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].vi).toBeTruthy();
  });

  it('deletes the open draft and its file, revokes consents, keeps the dossier and says why', async () => {
    const files = await fileCount();
    const audited = await auditCount('me.deletion_request');
    const notices = await noticesOf(myAccountId);
    // The dossier's own notices (receipt…) and the two added above, one with a pending e-mail.
    expect(notices.notifications).toBeGreaterThan(2);
    expect(notices.outbox.pending).toBe(1);
    const response = await as(me.headers, 'POST', '/api/me/deletion-requests', { confirm: true });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const answer: Json = response.json();
    const deleted = Object.fromEntries(answer.deleted.map((item: Json) => [item.category, item]));
    const kept = Object.fromEntries(answer.kept.map((item: Json) => [item.category, item]));
    expect(deleted['services.drafts'].count).toBe(1);
    expect(deleted['services.drafts'].what.vi).toContain('1 tệp đính kèm');
    expect(deleted['exchange.consents'].count).toBe(1);
    expect(kept['services.dossiers'].count).toBe(1);
    expect(kept['services.dossiers'].reason.vi).toContain('Nghị định 13/2023/NĐ-CP, Điều 16 khoản 2');
    expect(kept['services.dossiers'].reason.en).toContain('not deleted on request');
    expect(kept['population.resident'].reason.vi).toContain('Bộ Công an');
    expect(kept['identity.account'].reason.en).toContain('deleted automatically after 730 days');
    for (const item of answer.kept) expect(item.reason.vi && item.reason.en).toBeTruthy();
    // Notifications go with their sent messages; the one whose e-mail is queued stays, and says so.
    const sentMessages = (notices.outbox.local ?? 0) + (notices.outbox.sent ?? 0);
    expect(deleted['platform.notifications'].count).toBe(notices.notifications - 1);
    expect(deleted['platform.notifications'].what.vi).toContain(`cùng ${sentMessages} e-mail`);
    expect(kept['platform.outbox'].count).toBe(1);
    expect(kept['platform.outbox'].reason.vi).toContain('sau 90 ngày');
    expect(await noticesOf(myAccountId)).toEqual({ notifications: 1, outbox: { pending: 1 } });

    // Done: the draft and its file are gone, the dossier is there, the consent is revoked.
    expect((await as(me.headers, 'GET', `/api/services/drafts/${openDraftId}`)).statusCode).toBe(404);
    expect(await fileCount()).toBe(files - 1);
    expect((await as(me.headers, 'GET', `/api/services/dossiers/mine/${submittedCode}`)).statusCode).toBe(
      200,
    );
    const consents = (await as(me.headers, 'GET', '/api/me/consents')).json().consents;
    expect(consents.map((c: Json) => c.status)).toEqual(['revoked']);
    expect(await auditCount('me.deletion_request')).toBe(audited + 1);

    const listed = (await as(me.headers, 'GET', '/api/me/deletion-requests')).json();
    expect(listed.requests).toEqual([answer]);
    const exported = (await as(me.headers, 'GET', '/api/me/data-export')).json();
    expect(exported.services.drafts).toEqual([]);
    expect(exported.services.dossiers).toHaveLength(1);
    expect(exported.privacy.deletionRequests).toEqual([answer]);
  });

  it('leaves the other citizen’s draft and consent untouched', async () => {
    const { drafts } = t.platform.services.dossiers;
    const draft = await drafts.get(stranger.principal!, stranger.draftId!);
    expect(draft.consent).toBe('accepted');
    expect(Object.keys(draft.answers).length).toBeGreaterThan(0);
    const receipts = await t.platform.exchange.myConsents({
      principal: stranger.principal!,
      requestId: null,
      ip: null,
    });
    expect(receipts.map((r) => r.status)).toEqual(['active']);
    expect(await noticesOf(stranger.principal!.accountId)).toEqual({
      notifications: 2,
      outbox: { local: 1, sent: 1 },
    });
    // The one request on the platform so far is the first citizen's.
    expect(await auditCount('me.deletion_request')).toBe(1);
  });

  it('a second request deletes nothing more and still explains what is kept', async () => {
    const response = await as(me.headers, 'POST', '/api/me/deletion-requests', { confirm: true });
    expect(response.statusCode).toBe(201);
    expect(response.json().deleted.map((item: Json) => item.count)).toEqual([0, 0, 0]);
    // Still queued, still explained.
    expect(response.json().kept.find((item: Json) => item.category === 'platform.outbox').count).toBe(1);
    expect((await as(me.headers, 'GET', '/api/me/deletion-requests')).json().requests).toHaveLength(2);
  });
});
