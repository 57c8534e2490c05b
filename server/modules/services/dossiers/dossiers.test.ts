import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAnswers } from '../../../../test/support/forms.ts';
import { multipartBody } from '../../../../test/support/officials.ts';
import { readPdf } from '../../../../test/support/pdf.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { type Acr, acrValues, anonymous, type Principal } from '../../../platform/auth/principal.ts';
import { isoDateInHanoi } from '../../../platform/clock.ts';
import { createHttpServer } from '../../../platform/http/server.ts';
import type { SimulatedGateway } from '../../../platform/payments.ts';
import { parsePeriod } from '../../../platform/period.ts';
import { ISSUED_RESULTS_SERVICE_ID } from '../results/index.ts';
import { dossierRoutes } from './dossiers.routes.ts';
import { EARLIER_DOSSIERS_SERVICE_ID } from './index.ts';
import { dossierKpiTargets } from './kpi.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

/** A clock the test moves: Monday 8 March 2027, 09:00 in Hanoi (no holiday that month). */
let instant = Date.parse('2027-03-08T09:00:00+07:00');
const clock = { now: () => new Date(instant), today: () => isoDateInHanoi(new Date(instant)) };
const setClock = (iso: string) => {
  instant = Date.parse(iso);
};

let t: TestPlatform;
let api: FastifyInstance;
const principals: Record<string, Principal> = {};
let me: { personalId: string; fullName: string };
let stranger: { personalId: string };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const WATER = 'cap-nuoc-sach-sinh-hoat'; // Department of Construction, 7 working days, level 1
const JOBS = 'dang-ky-tim-viec-lam'; // Department of Home Affairs, level 2

const citizen = (personalId: string, fullName: string, acr: Acr = acrValues.vneidLevel2): Principal => ({
  kind: 'citizen',
  accountId: `acct-${personalId}`,
  sessionId: `session-${personalId}`,
  personalId,
  fullName,
  acr,
});
const officer = (unitId: string): Principal => ({
  kind: 'official',
  accountId: `acct-officer-${unitId}`,
  officialId: `officer-${unitId}`,
  sessionId: `session-officer-${unitId}`,
  username: `hoso.${unitId}`,
  fullName: `Cán bộ ${unitId}`,
  acr: acrValues.officialMfa,
  memberships: [{ unitId, role: 'case_officer' }],
});

const call = (
  who: string | null,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object | Buffer,
  headers: Record<string, string> = {},
) =>
  api.inject({
    method,
    url,
    headers: {
      ...(who ? { 'x-test-principal': who } : {}),
      cookie: 'sc_csrf=test-token',
      'x-csrf-token': 'test-token',
      ...headers,
    },
    ...(payload === undefined ? {} : { payload }),
  });

const counts = async () => {
  const db = t.platform.context.database.db;
  const row = (
    await sql<{ dossiers: number; events: number; attachments: number; files: number }>`
      select (select count(*) from services.dossiers)::int as dossiers,
             (select count(*) from services.dossier_events)::int as events,
             (select count(*) from services.dossier_attachments)::int as attachments,
             (select count(*) from platform.files)::int as files`.execute(db)
  ).rows[0]!;
  return row;
};

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  await t.platform.population.ensureGenerated(300);
  const residents = await t.platform.population.searchResidents({ minLevel: 2, limit: 3 });
  me = { personalId: residents[0]!.personalId, fullName: residents[0]!.fullName };
  stranger = { personalId: residents[1]!.personalId };
  principals.me = citizen(me.personalId, me.fullName);
  principals.meLevel1 = citizen(me.personalId, me.fullName, acrValues.vneidLevel1);
  principals.stranger = citizen(stranger.personalId, residents[1]!.fullName);
  principals.construction = officer('so-xay-dung');
  principals.health = officer('so-y-te');
  api = await createHttpServer({
    logLevel: 'silent',
    trustProxy: false,
    publicUrl: 'http://localhost:3999',
    version: 'test',
    resolvePrincipal: async (request) => principals[String(request.headers['x-test-principal'])] ?? anonymous,
  });
  const { drafts, process, fees, receipts, statistics } = t.platform.services.dossiers;
  await api.register(dossierRoutes({ drafts, process, fees, receipts, statistics }));
  await api.ready();
}, 180_000);
afterAll(async () => {
  await api?.close();
  await t?.close();
});

let code = '';
let draftId = '';

describe('submission', () => {
  it('refuses a level-1 session for a level-2 procedure, asking for a step-up', async () => {
    const response = await call('meLevel1', 'POST', '/api/services/drafts', { procedureCode: JOBS });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().reason).toBe('step_up_required');
    expect(response.json().requiredAcr).toBe(acrValues.vneidLevel2);
  });

  it('keeps the draft on the server: the consent step, then the pre-filled form with provenance', async () => {
    const started = await call('me', 'POST', '/api/services/drafts', { procedureCode: WATER });
    expect(started.statusCode, started.body).toBe(200);
    const draft = started.json();
    draftId = draft.id;
    expect(draft.consent).toBe('pending');
    expect(draft.neededItems).toContain('person.fullName');
    const nameSource = draft.sources.find((s: Json) => s.item === 'person.fullName');
    expect(nameSource.verification).toBe('government-verified');

    const consented = await call('me', 'POST', `/api/services/drafts/${draftId}/consent`, { accept: true });
    expect(consented.statusCode, consented.body).toBe(200);
    const filled = consented.json();
    expect(filled.consent).toBe('accepted');
    expect(filled.receiptId).toBeTruthy();
    expect(filled.answers.fullName).toBe(me.fullName);
    expect(filled.answers.personalId).toBe(me.personalId);
    expect(filled.prefill.fullName).toMatchObject({ locked: true, verification: 'government-verified' });

    // Another device: the same citizen continues the same draft with what was saved.
    const answers = completeAnswers(filled, filled.answers);
    const saved = await call('me', 'PUT', `/api/services/drafts/${draftId}`, { answers });
    expect(saved.statusCode, saved.body).toBe(200);
    const elsewhere = await call('me', 'POST', '/api/services/drafts', { procedureCode: WATER });
    expect(elsewhere.json().id).toBe(draftId);
    expect(elsewhere.json().answers).toEqual(answers);

    // A stranger cannot read it (answered like a missing draft).
    expect((await call('stranger', 'GET', `/api/services/drafts/${draftId}`)).statusCode).toBe(404);
  });

  it('stores attachments within the form’s types and limits', async () => {
    const refused = multipartBody(
      { filename: 'a.txt', contentType: 'text/plain', bytes: Buffer.from('hello') },
      { key: 'houseProof' },
    );
    const bad = await call(
      'me',
      'POST',
      `/api/services/drafts/${draftId}/attachments`,
      refused.payload,
      refused.headers,
    );
    expect(bad.statusCode).toBe(415);
    const body = multipartBody(
      { filename: 'so-do.pdf', contentType: 'application/pdf', bytes: PDF },
      { key: 'houseProof' },
    );
    const response = await call(
      'me',
      'POST',
      `/api/services/drafts/${draftId}/attachments`,
      body.payload,
      body.headers,
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ key: 'houseProof', mediaType: 'application/pdf' });
  });

  it('refuses (422) a submission whose locked values were altered, and stores nothing', async () => {
    const draft = (await call('me', 'GET', `/api/services/drafts/${draftId}`)).json();
    const before = await counts();
    const altered = await call('me', 'POST', `/api/services/drafts/${draftId}/submit`, {
      answers: { ...draft.answers, fullName: 'Tên Khác Hẳn' },
      attachments: [{ key: 'houseProof', filename: 'them.pdf', contentBase64: PDF.toString('base64') }],
    });
    expect(altered.statusCode).toBe(422);
    expect(altered.headers['content-type']).toContain('application/problem+json');
    expect(altered.json().errors?.map((e: Json) => e.path) ?? altered.json().fields).toBeTruthy();
    expect(JSON.stringify(altered.json())).toContain('fullName');
    expect(await counts()).toEqual(before);
    expect((await call('me', 'GET', '/api/services/dossiers/mine')).json().items).toEqual([]);
  });

  it('submits: a dossier with a code, the form version, answers with per-field provenance, attachments', async () => {
    const draft = (await call('me', 'GET', `/api/services/drafts/${draftId}`)).json();
    const answers = { ...draft.answers, phone: '0987654321' };
    const response = await call('me', 'POST', `/api/services/drafts/${draftId}/submit`, { answers });
    expect(response.statusCode, response.body).toBe(201);
    code = response.json().code;
    expect(code).toBe('SXD-20270308-0001');
    expect(response.json().state).toBe('submitted');

    const again = await call('me', 'POST', `/api/services/drafts/${draftId}/submit`, { answers });
    expect(again.statusCode).toBe(200);
    expect(again.json().code).toBe(code);

    const detail = (await call('me', 'GET', `/api/services/dossiers/mine/${code}`)).json();
    expect(detail.formVersion).toBe(draft.formVersion);
    expect(detail.answers.fullName).toBe(me.fullName);
    expect(detail.provenance.fullName).toMatchObject({
      source: 'exchange',
      verification: 'government-verified',
      item: 'person.fullName',
    });
    expect(detail.provenance.fullName.serviceId).toMatch(/^HN\/GOV\//);
    expect(detail.provenance.phone).toEqual({ source: 'typed', item: 'person.phone' });
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]).toMatchObject({ key: 'houseProof', phase: 'submission' });
    expect(detail.events.map((e: Json) => e.kind)).toEqual(['submitted']);

    const file = await call(
      'me',
      'GET',
      `/api/services/dossiers/${code}/attachments/${detail.attachments[0].id}`,
    );
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('gives the applicant a PDF receipt with the provisional appointment date and a status-lookup QR link', async () => {
    const response = await call('me', 'GET', `/api/services/dossiers/mine/${code}/receipt.pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const { text, links } = await readPdf(response.rawPayload);
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(code);
    expect(text).toContain(me.fullName);
    expect(text).toContain('so-do.pdf');
    // Not received yet: the date it would be if received on the day of submission, marked so.
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \(dự kiến/);
    expect(links).toContain(`http://localhost:3999/tra-cuu-ho-so?code=${code}`);
    // Another citizen cannot read it.
    expect(
      (await call('stranger', 'GET', `/api/services/dossiers/mine/${code}/receipt.pdf`)).statusCode,
    ).toBe(404);
  });
});

describe('processing', () => {
  const act = (who: string, body: object) => call(who, 'POST', `/api/services/cases/${code}/actions`, body);

  it('runs the lifecycle: intake, receipt with a due date, supplement pausing the clock, approval, result, closure, rating', async () => {
    const queue = (await call('construction', 'GET', '/api/services/queue')).json();
    expect(queue.agencyId).toBe('so-xay-dung');
    expect(queue.items.map((i: Json) => i.code)).toContain(code);
    expect(queue.items.find((i: Json) => i.code === code).deadline.colour).toBe('no-clock');

    expect((await act('construction', { action: 'start_intake' })).statusCode).toBe(200);
    const received = (await act('construction', { action: 'receive' })).json();
    // 7 working days after Monday 8 March 2027.
    expect(received.dueDate).toBe('2027-03-17');

    setClock('2027-03-10T10:00:00+07:00');
    expect(
      (
        await act('construction', { action: 'assign', officialId: 'officer-so-xay-dung', step: 'Thẩm định' })
      ).json().state,
    ).toBe('in_processing');
    const noReason = await act('construction', { action: 'request_supplement', reason: '' });
    expect(noReason.statusCode).toBe(400);
    const supplement = await act('construction', {
      action: 'request_supplement',
      reason: 'Thiếu bản sao hợp đồng thuê nhà',
    });
    expect(supplement.json().state).toBe('supplement_requested');
    expect(supplement.json().deadline.colour).toBe('paused');

    // The citizen supplies it on Monday 15 March: Thu 11, Fri 12 and Mon 15 were paused.
    setClock('2027-03-15T10:00:00+07:00');
    const upload = multipartBody(
      { filename: 'hop-dong.pdf', contentType: 'application/pdf', bytes: PDF },
      { key: 'houseProof' },
    );
    const added = await call(
      'me',
      'POST',
      `/api/services/dossiers/mine/${code}/attachments`,
      upload.payload,
      upload.headers,
    );
    expect(added.statusCode, added.body).toBe(201);
    const provided = await call('me', 'POST', `/api/services/dossiers/mine/${code}/supplement`, {
      note: 'Đã bổ sung',
    });
    expect(provided.statusCode, provided.body).toBe(200);
    expect(provided.json().state).toBe('in_processing');
    expect(provided.json().dueDate).toBe('2027-03-22');
    expect(provided.json().deadline).toMatchObject({ colour: 'on-track', overdue: false });

    expect((await act('construction', { action: 'extend', days: 20, reason: 'Quá nhiều' })).statusCode).toBe(
      400,
    );
    const early = await act('construction', { action: 'issue_result' });
    expect(early.statusCode).toBe(409);

    setClock('2027-03-18T10:00:00+07:00');
    const approved = await act('construction', { action: 'approve' });
    expect(approved.json().state).toBe('approved'); // no fee for this procedure
    const issued = await act('construction', { action: 'issue_result' });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().state).toBe('result_issued');
    expect(issued.json().resultId).toBeTruthy();
    const results = await t.platform.services.results.resultsOf(me.personalId);
    expect(results.map((r) => r.dossierCode)).toContain(code);

    expect(
      (await call('me', 'POST', `/api/services/dossiers/mine/${code}/rating`, { score: 5 })).statusCode,
    ).toBe(409);
    expect((await act('construction', { action: 'close' })).json().state).toBe('closed');
    const rated = await call('me', 'POST', `/api/services/dossiers/mine/${code}/rating`, {
      score: 5,
      comment: 'Nhanh',
    });
    expect(rated.json().rating).toBe(5);

    const detail = (await call('construction', 'GET', `/api/services/cases/${code}`)).json();
    expect(detail.events.map((e: Json) => e.kind)).toEqual([
      'submitted',
      'intake_review',
      'received',
      'in_processing',
      'supplement_requested',
      'supplement_provided',
      'approved',
      'result_issued',
      'closed',
      'rated',
    ]);
    expect(detail.attachments.map((a: Json) => a.phase)).toEqual(['submission', 'supplement']);
    expect(detail.provenance.fullName.source).toBe('exchange');

    // The events are append-only.
    await expect(
      sql`update services.dossier_events set reason = 'x'`.execute(t.platform.context.database.db),
    ).rejects.toThrow(/append-only/);

    const inbox = await t.platform.context.notify.inbox(
      { kind: 'citizen', id: `acct-${me.personalId}` },
      { limit: 50 },
    );
    expect(inbox.map((n) => n.topic)).toEqual(
      expect.arrayContaining([
        'services.dossier.submitted',
        'services.dossier.supplement_requested',
        'services.dossier.received',
      ]),
    );
    // Every notice leads to the citizen's page of the dossier.
    expect(new Set(inbox.filter((n) => n.topic.startsWith('services.dossier.')).map((n) => n.link))).toEqual(
      new Set([`/ho-so-cua-toi/${code}`]),
    );
    // And each goes by SMS (kept local: no gateway in tests) to the phone typed in the form.
    const sms = (await t.platform.context.notify.outbox(500)).filter((m) => m.channel === 'sms');
    const dossierNotices = inbox.filter((n) => n.topic.startsWith('services.dossier.')).map((n) => n.id);
    expect(sms.filter((m) => dossierNotices.includes(m.notification_id))).toEqual(
      dossierNotices.map(() => expect.objectContaining({ to_address: '+84987654321', status: 'local' })),
    );
  });

  it('denies other citizens, other agencies’ officers and anonymous callers', async () => {
    expect((await call('stranger', 'GET', `/api/services/dossiers/mine/${code}`)).statusCode).toBe(404);
    expect(
      (await call('stranger', 'POST', `/api/services/dossiers/mine/${code}/withdraw`, {})).statusCode,
    ).toBe(404);
    expect((await call('health', 'GET', `/api/services/cases/${code}`)).statusCode).toBe(403);
    expect(
      (await call('health', 'POST', `/api/services/cases/${code}/actions`, { action: 'close' })).statusCode,
    ).toBe(403);
    expect((await call('health', 'GET', '/api/services/queue?agencyId=so-xay-dung')).statusCode).toBe(403);
    expect((await call('health', 'GET', `/api/services/dossiers/mine/${code}`)).statusCode).toBe(403);
    expect((await call('me', 'GET', '/api/services/queue')).statusCode).toBe(403);
    expect(
      (await call('me', 'POST', `/api/services/cases/${code}/actions`, { action: 'close' })).statusCode,
    ).toBe(403);
    for (const url of [
      `/api/services/dossiers/mine/${code}`,
      `/api/services/cases/${code}`,
      '/api/services/queue',
      '/api/services/drafts',
    ]) {
      const response = await call(null, 'GET', url);
      expect(response.statusCode).toBe(401);
    }
    const healthQueue = (await call('health', 'GET', '/api/services/queue')).json();
    expect(healthQueue.items.map((i: Json) => i.code)).not.toContain(code);
  });

  it('answers the public status lookup with status and dates only', async () => {
    const last4 = me.personalId.slice(-4);
    const found = await call(null, 'GET', `/api/services/status?code=${code}&idLast4=${last4}`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({
      code,
      state: 'closed',
      stateVi: 'Đã kết thúc',
      submittedAt: '2027-03-08',
    });
    expect(found.body).not.toContain(me.fullName);
    expect(found.body).not.toContain(me.personalId);
    const wrongDigits = String((Number(last4) + 1) % 10000).padStart(4, '0');
    const wrong = await call(null, 'GET', `/api/services/status?code=${code}&idLast4=${wrongDigits}`);
    const missing = await call(null, 'GET', `/api/services/status?code=SXD-20270308-9999&idLast4=${last4}`);
    expect(wrong.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(wrong.json().detail).toBe(missing.json().detail);
  });
});

describe('once-only, jobs and KPIs', () => {
  it('pre-fills a later procedure from the issued result (locked, with its issuer) and else the earlier dossier', async () => {
    const first = (await call('me', 'POST', '/api/services/drafts', { procedureCode: JOBS })).json();
    // Both records carry the phone: the verified result is listed first, the earlier dossier after it.
    expect(
      first.sources.filter((s: Json) => s.item === 'person.phone').map((s: Json) => s.serviceId),
    ).toEqual([ISSUED_RESULTS_SERVICE_ID, EARLIER_DOSSIERS_SERVICE_ID]);
    const fromResult = (
      await call('me', 'POST', `/api/services/drafts/${first.id}/consent`, { accept: true })
    ).json();
    expect(fromResult.answers.phone).toBe('0987654321');
    expect(fromResult.prefill.phone).toMatchObject({
      serviceId: ISSUED_RESULTS_SERVICE_ID,
      locked: true,
      verification: 'government-verified',
      issuer: { agencyId: 'so-xay-dung', nameVi: 'Sở Xây dựng', nameEn: 'Department of Construction' },
    });
    // The result of the dossier of 8 March was issued on 18 March by the Department of Construction.
    expect(fromResult.prefill.phone.label).toEqual({
      vi: 'Theo kết quả do Sở Xây dựng cấp ngày 2027-03-18',
      en: 'From the result issued by Department of Construction on 2027-03-18',
    });
    expect(fromResult.prefill.fullName.locked).toBe(true);
    const issued = await t.platform.services.results.provider.fetch(me.personalId, ['person.phone']);
    expect(issued.updatedAt['person.phone']).toBe('2027-03-18T03:00:00.000Z');
    // Changing a value the result verified is refused like any locked value.
    const altered = await call('me', 'POST', `/api/services/drafts/${first.id}/submit`, {
      answers: { ...fromResult.answers, phone: '0900000000' },
    });
    expect(altered.statusCode).toBe(422);
    await t.platform.services.dossiers.drafts.discard(principals.me!, first.id);

    // Once the result is revoked, the earlier dossier gives the phone: editable, with its date.
    const [result] = await t.platform.services.results.resultsOf(me.personalId);
    await t.platform.services.results.revoke(
      { principal: principals.construction!, requestId: null, ip: null },
      result!.id,
      { reason: 'Thu hồi để kiểm thử' },
    );
    const second = (await call('me', 'POST', '/api/services/drafts', { procedureCode: JOBS })).json();
    // The consent screen names only the record that still holds the phone.
    expect(
      second.sources.filter((s: Json) => s.item === 'person.phone').map((s: Json) => s.serviceId),
    ).toEqual([EARLIER_DOSSIERS_SERVICE_ID]);
    const filled = (
      await call('me', 'POST', `/api/services/drafts/${second.id}/consent`, { accept: true })
    ).json();
    expect(filled.answers.phone).toBe('0987654321');
    expect(filled.prefill.phone).toMatchObject({
      serviceId: EARLIER_DOSSIERS_SERVICE_ID,
      locked: false,
      verification: 'self-declared',
    });
    expect(filled.prefill.phone.label.en).toBe('From your dossier of 2027-03-08');
    const { provider } = t.platform.services.dossiers;
    const earlier = await provider.fetch(me.personalId, ['person.phone', 'person.fullName']);
    expect(earlier.values['person.phone']).toBe('0987654321');
    expect(filled.prefill.fullName.locked).toBe(true);
  });

  it('sends one apology with a new appointment date when a dossier is overdue', async () => {
    setClock('2027-03-18T11:00:00+07:00');
    const draft = (await call('stranger', 'POST', '/api/services/drafts', { procedureCode: WATER })).json();
    await call('stranger', 'POST', `/api/services/drafts/${draft.id}/consent`, { accept: false });
    const answers = completeAnswers(draft, {
      fullName: 'Người Thứ Hai',
      personalId: stranger.personalId,
      dateOfBirth: '1990-01-01',
    });
    const submitted = await call('stranger', 'POST', `/api/services/drafts/${draft.id}/submit`, {
      answers,
      attachments: [{ key: 'houseProof', filename: 'nha.pdf', contentBase64: PDF.toString('base64') }],
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const second = submitted.json().code;
    expect(second).toBe('SXD-20270318-0001');
    await call('construction', 'POST', `/api/services/cases/${second}/actions`, { action: 'receive' });
    const { process } = t.platform.services.dossiers;
    expect(await process.sendApologies()).toBe(0);
    setClock('2027-04-05T09:00:00+07:00'); // due 2027-03-29, overdue now
    const queue = (await call('construction', 'GET', '/api/services/queue?overdue=true')).json();
    expect(queue.items.map((i: Json) => [i.code, i.deadline.colour])).toEqual([[second, 'overdue']]);
    expect(await process.sendApologies()).toBe(1);
    expect(await process.sendApologies()).toBe(0);
    const detail = (await call('stranger', 'GET', `/api/services/dossiers/mine/${second}`)).json();
    const apology = detail.events.find((e: Json) => e.kind === 'apology');
    expect(apology.details.dueDate).toBe('2027-03-29');
    expect(detail.appointmentDate > '2027-04-05').toBe(true);
  });

  it('purges the pre-filled data of drafts left unsubmitted past the retention period', async () => {
    const { drafts } = t.platform.services.dossiers;
    const pending = (await call('me', 'POST', '/api/services/drafts', { procedureCode: JOBS })).json();
    expect(Object.keys(pending.answers).length).toBeGreaterThan(0);
    expect(await drafts.purgeStaleDrafts()).toBe(0);
    setClock('2027-05-20T09:00:00+07:00');
    expect(await drafts.purgeStaleDrafts()).toBe(1);
    const after = (await call('me', 'GET', `/api/services/drafts/${pending.id}`)).json();
    expect(after.answers).toEqual({});
    expect(after.prefill).toEqual({});
    expect(after.consent).toBe('pending');
  });

  it('assesses the fee and moves the dossier on a verified (simulated) payment', async () => {
    setClock('2027-03-22T09:00:00+07:00');
    const HOUSEHOLD = 'dang-ky-ho-kinh-doanh';
    const draft = (await call('me', 'POST', '/api/services/drafts', { procedureCode: HOUSEHOLD })).json();
    const filled = (
      await call('me', 'POST', `/api/services/drafts/${draft.id}/consent`, { accept: true })
    ).json();
    const attachments = filled.form.attachments
      .filter((a: Json) => a.required === true)
      .map((a: Json) => ({ key: a.key, filename: `${a.key}.pdf`, contentBase64: PDF.toString('base64') }));
    const submitted = await call('me', 'POST', `/api/services/drafts/${draft.id}/submit`, {
      // A VSIC code: the dictionary item's constraint (4 or 5 digits).
      answers: completeAnswers(filled, { ...filled.answers, lineCode: '47110' }),
      attachments,
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { code: feeCode, agencyId, feeVnd } = submitted.json();
    expect(feeVnd).toBe(100_000);
    principals.ward = officer(agencyId);
    const act = (body: object) => call('ward', 'POST', `/api/services/cases/${feeCode}/actions`, body);
    await act({ action: 'receive' });
    await act({ action: 'assign' });
    expect((await call('me', 'GET', `/api/services/dossiers/mine/${feeCode}/payment`)).statusCode).toBe(409);
    expect((await act({ action: 'approve' })).json().state).toBe('awaiting_payment');

    const intent = (await call('me', 'GET', `/api/services/dossiers/mine/${feeCode}/payment`)).json();
    expect(intent).toMatchObject({
      amountVnd: 100_000,
      orderRef: feeCode,
      status: 'pending',
      simulated: true,
    });
    expect(intent.vietQr).toMatch(/^000201/);
    expect(intent.notice.vi).toContain('MÔ PHỎNG');
    expect((await call('stranger', 'GET', `/api/services/dossiers/mine/${feeCode}/payment`)).statusCode).toBe(
      404,
    );

    const failed = (
      await call('me', 'POST', `/api/services/dossiers/mine/${feeCode}/payment/simulate`, {
        outcome: 'failed',
      })
    ).json();
    expect(failed.event.status).toBe('failed');
    expect(failed.dossier).toBeNull();

    // The gateway's own notice to the public callback route: signed over the raw body.
    const fees = t.platform.services.dossiers.fees;
    const latest = (await call('me', 'GET', `/api/services/dossiers/mine/${feeCode}/payment`)).json();
    const notice = await (fees.gateway as SimulatedGateway).simulate(latest.id, 'paid');
    const deliver = (body: string, signature: string | undefined) =>
      api.inject({
        method: 'POST',
        url: '/api/services/payments/callback',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-payment-signature': signature } : {}),
        },
        payload: body,
      });
    const forged = notice.body.replace('"paid"', '"paid" ').replace(/"amountVnd":\d+/, '"amountVnd":1');
    for (const [body, signature] of [
      [notice.body, undefined],
      // One hex digit of the HMAC changed (always a change, whatever the digit was).
      [notice.body, notice.signature!.replace(/v1=(.)/, (_, digit) => `v1=${digit === '0' ? '1' : '0'}`)],
      [forged, notice.signature],
    ] as const) {
      const refused = await deliver(body, signature);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect((await call('me', 'GET', `/api/services/dossiers/mine/${feeCode}`)).json().state).toBe(
      'awaiting_payment',
    );
    const accepted = await deliver(notice.body, notice.signature);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toEqual({ received: true, status: 'paid', dossierState: 'approved' });
    // A replayed notice is acknowledged and changes nothing.
    expect((await deliver(notice.body, notice.signature)).json().dossierState).toBe('approved');
    const paid = (await call('me', 'GET', `/api/services/dossiers/mine/${feeCode}`)).json();
    expect(paid.paidAt).toBeTruthy();
    const events = paid.events.map((e: Json) => e.kind);
    expect(events.slice(-2)).toEqual(['awaiting_payment', 'paid']);
  });

  it('files a dossier at the counter: received at once, the clock running, the citizen sees it', async () => {
    setClock('2027-03-25T14:00:00+07:00');
    const body = {
      procedureCode: WATER,
      agencyId: 'so-xay-dung',
      personalId: stranger.personalId,
      applicantName: 'Người Thứ Hai',
      answers: {
        fullName: 'Người Thứ Hai',
        personalId: stranger.personalId,
        dateOfBirth: '1990-01-01',
        phone: '0911111111',
        installAddress: { detail: 'Số 2 phố Hàng Bài', communeCode: '00070', provinceCode: '01' },
        tenure: 'owner',
        householdSize: 3,
      },
    };
    expect(
      (await call('health', 'POST', '/api/services/counter', { ...body, agencyId: 'so-xay-dung' }))
        .statusCode,
    ).toBe(403);
    expect((await call('stranger', 'POST', '/api/services/counter', body)).statusCode).toBe(403);
    const invalid = await call('construction', 'POST', '/api/services/counter', {
      ...body,
      answers: { ...body.answers, tenure: 'squatter' },
    });
    expect(invalid.statusCode).toBe(400);
    const filed = await call('construction', 'POST', '/api/services/counter', body);
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ channel: 'counter', state: 'received', dueDate: '2027-04-05' });
    expect(filed.json().events.map((e: Json) => e.kind)).toEqual(['submitted', 'received']);
    expect(filed.json().provenance.fullName).toEqual({ source: 'typed', item: 'person.fullName' });
    const mine = (await call('stranger', 'GET', '/api/services/dossiers/mine')).json();
    expect(mine.items.map((d: Json) => d.code)).toContain(filed.json().code);

    // Sent to the Department of Health for its part: its case officers see it, may send it back, nothing else.
    const counterCode = filed.json().code as string;
    const act = (who: string, action: object) =>
      call(who, 'POST', `/api/services/cases/${counterCode}/actions`, action);
    const queueOf = async (who: string) =>
      (await call(who, 'GET', '/api/services/queue')).json().items.map((d: Json) => d.code);
    expect((await call('health', 'GET', `/api/services/cases/${counterCode}`)).statusCode).toBe(403);
    expect((await act('construction', { action: 'assign' })).statusCode).toBe(200);
    const sent = await act('construction', {
      action: 'send_to_agency',
      targetAgencyId: 'so-y-te',
      reason: 'Xin ý kiến về nguồn nước giếng khoan',
    });
    expect(sent.json().state, sent.body).toBe('sent_to_agency');
    // An action answers the dossier as the officer now sees it, with what they may do next.
    expect(sent.json().allowedActions).toEqual(['return_from_agency', 'extend']);
    expect(await queueOf('health')).toContain(counterCode);
    const consulted = (await call('health', 'GET', `/api/services/cases/${counterCode}`)).json();
    expect(consulted.targetAgencyId).toBe('so-y-te');
    // The screens offer what the state machine allows each side: the consulted agency only sends it back.
    expect(consulted.allowedActions).toEqual(['return_from_agency']);
    expect(
      (await call('construction', 'GET', `/api/services/cases/${counterCode}`)).json().allowedActions,
    ).toEqual(['return_from_agency', 'extend']);
    expect((await act('health', { action: 'approve' })).statusCode).toBe(403);
    expect((await act('health', { action: 'deny', reason: 'Không đạt' })).statusCode).toBe(403);
    const back = await act('health', {
      action: 'return_from_agency',
      reason: 'Nguồn nước đạt QCVN 01-1:2018',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ state: 'in_processing', targetAgencyId: null });
    expect(back.json().events.at(-1)).toMatchObject({
      kind: 'returned_from_agency',
      reason: 'Nguồn nước đạt QCVN 01-1:2018',
    });
    expect(await queueOf('health')).not.toContain(counterCode);
    expect((await call('health', 'GET', `/api/services/cases/${counterCode}`)).statusCode).toBe(403);
  });

  it('computes the KPIs for G03, G04, G20, G21 and G27 from the dossiers', async () => {
    const sources = t.platform.services.dossiers.kpiSources;
    const period = parsePeriod('2027Q1');
    const value = async (target: string) => {
      const source = sources.find((s) => s.name === dossierKpiTargets[target])!;
      return source.compute(period, null);
    };
    // Four dossiers filed in Q1 2027: three online (two pre-filled under consent, one typed by
    // hand), one at the counter.
    expect(await value('G21')).toMatchObject({ value: 75, numerator: 3, denominator: 4 });
    expect(await value('G04')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(await value('G03')).toMatchObject({ value: 75, numerator: 3, denominator: 4 });
    const stats = (await call(null, 'GET', '/api/services/statistics?from=2027-01-01&to=2027-04-01')).json();
    // Decided on 18 March with the due date 22 March: early; the fee dossier has no due date passed yet.
    expect(stats).toMatchObject({ total: 4, online: 3, counter: 1, fullyOnline: 3, fullyOnlineShare: 75 });
    expect(stats.early + stats.onTime + stats.late).toBe(2);
    expect(stats.late).toBe(0);
    // Decided in the quarter: the first (result issued on time) and the fee dossier (no result yet).
    expect(await value('G20')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(await value('G27')).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
  });
});
