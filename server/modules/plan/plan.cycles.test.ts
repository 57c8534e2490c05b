import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../../test/support/officials.ts';
import { createTestPlatform } from '../../../test/support/platform.ts';
import { createPlanHarness, movableClock, type PlanHarness } from './plan.test-support.ts';

let h: PlanHarness;
const PLAN = '/api/plan/plans/kh-239-2023';
let cycleId: string;
const tasks: Record<string, string> = {};
const agencyUrl = (agency: string, rest = '') => `/api/plan/cycles/${cycleId}/agencies/${agency}${rest}`;

const task = (code: string, leadAgencyId: string, startOn: string) => ({
  code,
  titleVi: `Nhiệm vụ thử ${code}`,
  titleEn: `Test task ${code}`,
  pillar: 'government',
  leadAgencyId,
  startOn,
  deadline: '2027-12-31',
  targetCodes: ['G08'],
});

beforeAll(async () => {
  const clock = movableClock('2026-11-26T03:00:00Z');
  h = await createPlanHarness(await createTestPlatform({ clock }), clock);
  for (const [code, lead, start] of [
    ['T-XD', 'so-xay-dung', '2026-01-01'],
    ['T-BADINH', 'dist-001', '2024-01-01'],
    ['T-TTTT', 'so-tt-tt', '2024-01-01'],
  ] as const) {
    const response = await h.as('owner', {
      method: 'POST',
      url: `${PLAN}/tasks`,
      payload: task(code, lead, start),
    });
    expect(response.statusCode, code).toBe(201);
    tasks[code] = response.json().id;
  }
});
afterAll(async () => {
  await h?.close();
});

describe('opening a cycle', () => {
  it('is for the plan owner only', async () => {
    for (const who of ['reporterYte', 'reviewerYte', 'ownerElsewhere']) {
      const response = await h.as(who, {
        method: 'POST',
        url: `${PLAN}/cycles`,
        payload: { period: '2026Q4', dueOn: '2026-12-05' },
      });
      expect(response.statusCode, who).toBe(403);
    }
  });

  it('generates obligations from the lead agencies, following merged units to their successor', async () => {
    const response = await h.as('owner', {
      method: 'POST',
      url: `${PLAN}/cycles`,
      payload: { period: '2026Q4', dueOn: '2026-12-05' },
    });
    expect(response.statusCode).toBe(201);
    const cycle = response.json();
    cycleId = cycle.id;
    expect(cycle).toMatchObject({
      period: '2026Q4',
      periodStart: '2026-10-01',
      dueOn: '2026-12-05',
      status: 'open',
    });
    const obligations = cycle.obligations as {
      agency: { id: string };
      targetCode: string | null;
      taskId: string | null;
    }[];
    const has = (agency: string, about: { targetCode?: string; taskId?: string }) =>
      obligations.some(
        (o) =>
          o.agency.id === agency &&
          (about.targetCode ? o.targetCode === about.targetCode : o.taskId === about.taskId),
      );
    expect(has('so-y-te', { targetCode: 'S03' })).toBe(true);
    expect(has('so-kh-cn', { targetCode: 'G08' })).toBe(true);
    expect(has('so-xay-dung', { taskId: tasks['T-XD'] })).toBe(true);
    // The former Department of Information and Communications merged into Science and Technology.
    expect(has('so-kh-cn', { taskId: tasks['T-TTTT'] })).toBe(true);
    // Measured by the platform (identity, open data, dossiers) or yearly (G01): not in a quarterly worklist.
    for (const code of ['G05', 'G09', 'G26', 'G03', 'G20', 'G21', 'G27', 'G01'])
      expect(
        obligations.some((o) => o.targetCode === code),
        code,
      ).toBe(false);
    // Quận Ba Đình ended in 2025 and was split among wards: the owner assigns it by hand.
    expect(cycle.unassigned).toHaveLength(1);
    expect(cycle.unassigned[0]).toMatchObject({
      kind: 'task',
      taskId: tasks['T-BADINH'],
      agency: { id: 'dist-001', current: false },
    });
    expect(cycle.unassigned[0].agency.successors.map((s: { id: string }) => s.id)).toContain('comm-00004');
  });

  it('refuses a second cycle for the same period and bad input', async () => {
    const again = await h.as('owner', {
      method: 'POST',
      url: `${PLAN}/cycles`,
      payload: { period: '2026Q4', dueOn: '2026-12-05' },
    });
    expect(again.statusCode).toBe(409);
    for (const payload of [
      { period: '2026Q5', dueOn: '2026-12-05' },
      { period: '2027Q1', dueOn: '2026-12-05' },
      { period: '2027Q2', dueOn: '2027-07-01', extra: 1 },
    ]) {
      const response = await h.as('owner', { method: 'POST', url: `${PLAN}/cycles`, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('lets the owner assign the unassigned task to a successor ward', async () => {
    const response = await h.as('owner', {
      method: 'POST',
      url: `/api/plan/cycles/${cycleId}/obligations`,
      payload: { add: [{ agencyId: 'comm-00004', taskId: tasks['T-BADINH'] }] },
    });
    expect(response.statusCode).toBe(200);
    const refused = await h.as('owner', {
      method: 'POST',
      url: `/api/plan/cycles/${cycleId}/obligations`,
      payload: { add: [{ agencyId: 'dist-002', targetCode: 'G08' }] },
    });
    expect(refused.statusCode).toBe(422); // a district does not exist in 2026
    const yearly = await h.as('owner', {
      method: 'POST',
      url: `/api/plan/cycles/${cycleId}/obligations`,
      payload: { add: [{ agencyId: 'so-tai-chinh', targetCode: 'E01' }] },
    });
    expect(yearly.statusCode).toBe(422);
    // Nobody is asked to enter by hand what the platform measures from dossiers.
    const measured = await h.as('owner', {
      method: 'POST',
      url: `/api/plan/cycles/${cycleId}/obligations`,
      payload: { add: [{ agencyId: 'vp-ubnd', targetCode: 'G21' }] },
    });
    expect(measured.statusCode).toBe(422);
    expect(measured.json().en.detail).toBe('Target G21 is measured by the platform; nobody reports it.');
    expect(measured.json().vi.detail).toBe('Chỉ tiêu G21 do nền tảng tự đo; không giao báo cáo.');
  });
});

describe('worklists and drafts are the agency’s own', () => {
  it('shows an agency its obligations, and nobody else from other agencies', async () => {
    const own = await h.as('reporterYte', { url: agencyUrl('so-y-te', '/worklist') });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({
      editable: true,
      submission: { state: 'draft' },
      agency: { id: 'so-y-te' },
    });
    expect(own.json().targets.map((t: { code: string }) => t.code)).toContain('S03');
    expect((await h.as('owner', { url: agencyUrl('so-y-te', '/worklist') })).statusCode).toBe(200);
    expect((await h.as('reviewerYte', { url: agencyUrl('so-y-te', '/worklist') })).json().editable).toBe(
      false,
    );
    expect((await h.as('reporterXd', { url: agencyUrl('so-y-te', '/worklist') })).statusCode).toBe(403);
    expect((await h.as('reviewerXd', { url: agencyUrl('so-y-te', '/worklist') })).statusCode).toBe(403);
    expect((await h.as('caseOfficer', { url: agencyUrl('so-y-te', '/worklist') })).statusCode).toBe(403);
    expect((await h.as('citizen', { url: agencyUrl('so-y-te', '/worklist') })).statusCode).toBe(403);
  });

  it('takes values only from the agency’s reporters, for targets it was asked for', async () => {
    const saved = await h.as('reporterYte', {
      method: 'PUT',
      url: agencyUrl('so-y-te', '/values/S03'),
      payload: { value: 55, comment: 'Theo báo cáo của các bệnh viện' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      value: 55,
      status: 'draft',
      agencyId: 'so-y-te',
      provenance: { kind: 'manual' },
    });
    expect(
      (
        await h.as('reporterXd', {
          method: 'PUT',
          url: agencyUrl('so-y-te', '/values/S03'),
          payload: { value: 1 },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await h.as('reporterYte', {
          method: 'PUT',
          url: agencyUrl('so-y-te', '/values/G08'),
          payload: { value: 1 },
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await h.as('reporterYte', {
          method: 'PUT',
          url: agencyUrl('so-y-te', '/values/S03'),
          payload: { value: 150 },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await h.as('reporterYte', {
          method: 'PUT',
          url: agencyUrl('so-y-te', '/values/S03'),
          payload: { value: 1, by: 'me' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('serves a value’s evidence at the plan’s one evidence address, to those who may see the value', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const upload = multipartBody({ filename: 'bien-ban.pdf', contentType: 'application/pdf', bytes: pdf });
    const attached = await h.as('reporterYte', {
      method: 'POST',
      url: agencyUrl('so-y-te', '/values/S03/evidence'),
      payload: upload.payload,
      headers: upload.headers,
    });
    expect(attached.statusCode).toBe(201);
    const url = `/api/plan/evidence/${attached.json().id}`;
    const own = await h.as('reporterYte', { url });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toContain('application/pdf');
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.rawPayload.equals(pdf)).toBe(true);
    expect((await h.as('owner', { url })).statusCode).toBe(200);
    expect((await h.as('reviewerYte', { url })).statusCode).toBe(200);
    // A draft's evidence is as private as the draft.
    expect((await h.as('reporterXd', { url })).statusCode).toBe(404);
    expect((await h.as('citizen', { url })).statusCode).toBe(403);
    expect((await h.t.server.inject({ url })).statusCode).toBe(401);
    expect(
      (await h.as('owner', { url: '/api/plan/evidence/00000000-0000-4000-8000-000000000000' })).statusCode,
    ).toBe(404);
  });

  it('keeps a draft from reporters of other agencies', async () => {
    const other = (await h.as('reporterXd', { url: `${PLAN}/targets/S03?period=2026Q4` })).json();
    expect(other.observations.some((o: { agencyId: string }) => o.agencyId === 'so-y-te')).toBe(false);
    const own = (await h.as('reporterYte', { url: `${PLAN}/targets/S03?period=2026Q4` })).json();
    expect(own.observations.find((o: { agencyId: string }) => o.agencyId === 'so-y-te')).toMatchObject({
      status: 'draft',
      value: 55,
    });
  });

  it('refuses submitting or approving for another agency', async () => {
    expect(
      (await h.as('reporterXd', { method: 'POST', url: agencyUrl('so-y-te', '/submit'), payload: {} }))
        .statusCode,
    ).toBe(403);
    expect(
      (await h.as('reviewerYte', { method: 'POST', url: agencyUrl('so-y-te', '/submit'), payload: {} }))
        .statusCode,
    ).toBe(403);
    expect(
      (await h.as('reviewerXd', { method: 'POST', url: agencyUrl('so-y-te', '/approve'), payload: {} }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await h.as('reviewerXd', {
          method: 'POST',
          url: agencyUrl('so-y-te', '/return'),
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await h.as('reporterYte', { method: 'POST', url: agencyUrl('so-y-te', '/approve'), payload: {} }))
        .statusCode,
    ).toBe(403);
  });
});

describe('draft → submitted → returned → submitted (late) → approved → reopened', () => {
  it('submits on time and locks the values while under review', async () => {
    const submitted = await h.as('reporterYte', {
      method: 'POST',
      url: agencyUrl('so-y-te', '/submit'),
      payload: {},
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ state: 'submitted', late: false });
    const edit = await h.as('reporterYte', {
      method: 'PUT',
      url: agencyUrl('so-y-te', '/values/S03'),
      payload: { value: 56 },
    });
    expect(edit.statusCode).toBe(409);
    expect(
      (await h.as('reporterYte', { method: 'POST', url: agencyUrl('so-y-te', '/submit'), payload: {} }))
        .statusCode,
    ).toBe(409);
  });

  it('returns with a reason, and the reporter corrects and resubmits after the due date: flagged late', async () => {
    expect(
      (await h.as('reviewerYte', { method: 'POST', url: agencyUrl('so-y-te', '/return'), payload: {} }))
        .statusCode,
    ).toBe(400);
    const returned = await h.as('reviewerYte', {
      method: 'POST',
      url: agencyUrl('so-y-te', '/return'),
      payload: { reason: 'Thiếu minh chứng / evidence missing' },
    });
    expect(returned.json()).toMatchObject({
      state: 'returned',
      returnReason: 'Thiếu minh chứng / evidence missing',
    });
    expect(
      (
        await h.as('reporterYte', {
          method: 'PUT',
          url: agencyUrl('so-y-te', '/values/S03'),
          payload: { value: 58 },
        })
      ).statusCode,
    ).toBe(200);
    h.clock.set('2026-12-07T03:00:00Z');
    const resubmitted = await h.as('reporterYte', {
      method: 'POST',
      url: agencyUrl('so-y-te', '/submit'),
      payload: {},
    });
    expect(resubmitted.json()).toMatchObject({ state: 'submitted', late: true, returnReason: null });
  });

  it('approves, which locks the period for the agency with a clear error', async () => {
    const approved = await h.as('reviewerYte', {
      method: 'POST',
      url: agencyUrl('so-y-te', '/approve'),
      payload: { note: 'OK' },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().state).toBe('approved');
    const edit = await h.as('reporterYte', {
      method: 'PUT',
      url: agencyUrl('so-y-te', '/values/S03'),
      payload: { value: 60 },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.headers['content-type']).toContain('application/problem+json');
    expect(edit.json().vi.detail).toBe('Kỳ báo cáo đã được phê duyệt và khóa.');
    expect(edit.json().en.detail).toBe('The reporting period has been approved and is locked.');
    const publicValue = await h.t.platform.metrics.observations(
      { kind: 'anonymous' },
      {
        indicatorCodes: ['KH239.S03'],
        agencyIds: ['so-y-te'],
      },
    );
    expect(publicValue).toMatchObject([{ value: 58, status: 'approved' }]);
  });

  it('lets only the plan owner reopen, with a reason', async () => {
    expect(
      (
        await h.as('reviewerYte', {
          method: 'POST',
          url: agencyUrl('so-y-te', '/reopen'),
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await h.as('owner', { method: 'POST', url: agencyUrl('so-y-te', '/reopen'), payload: {} })).statusCode,
    ).toBe(400);
    const reopened = await h.as('owner', {
      method: 'POST',
      url: agencyUrl('so-y-te', '/reopen'),
      payload: { reason: 'Sở Y tế xin sửa số liệu / the department asked to correct it' },
    });
    expect(reopened.json()).toMatchObject({ state: 'draft' });
    expect(reopened.json().events.map((e: { action: string }) => e.action)).toEqual([
      'submitted',
      'returned',
      'submitted',
      'approved',
      'reopened',
    ]);
    expect(reopened.json().events[2]).toMatchObject({ late: true, by: 'reporter.yte' });
    expect(
      (
        await h.as('reporterYte', {
          method: 'PUT',
          url: agencyUrl('so-y-te', '/values/S03'),
          payload: { value: 60 },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('audits every step', async () => {
    const rows = await h.t.platform.context.database.db
      .selectFrom('platform.audit_log')
      .select(['action', 'agency_id', 'details'])
      .where('action', 'like', 'plan.submission.%')
      .orderBy('seq')
      .execute();
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'plan.submission.submit',
      'plan.submission.return',
      'plan.submission.submit',
      'plan.submission.approve',
      'plan.submission.reopen',
    ]);
    expect(rows[1]!.details).toMatchObject({ reason: 'Thiếu minh chứng / evidence missing' });
    expect(rows[2]!.details).toMatchObject({ late: true });
  });
});

describe('my worklists', () => {
  type Mine = {
    cycles: {
      cycle: { id: string; period: string };
      plan: { id: string };
      agencies: {
        agency: { id: string };
        roles: string[];
        state: string;
        overdue: boolean;
        obligations: { targets: number; tasks: number };
      }[];
    }[];
  };
  const mine = async (who: string) => {
    const response = await h.as(who, { url: '/api/plan/my/worklists' });
    expect(response.statusCode, who).toBe(200);
    return response.json() as Mine;
  };

  it('lists the open cycles with the agencies the official reports or reviews for, with their state', async () => {
    const reporter = await mine('reporterYte');
    expect(reporter.cycles).toHaveLength(1);
    expect(reporter.cycles[0]).toMatchObject({
      cycle: { id: cycleId, period: '2026Q4' },
      plan: { id: 'kh-239-2023' },
    });
    expect(reporter.cycles[0]!.agencies).toEqual([
      expect.objectContaining({
        agency: expect.objectContaining({ id: 'so-y-te', nameVi: 'Sở Y tế' }),
        roles: ['reporter'],
        state: 'draft',
        overdue: true,
        obligations: expect.objectContaining({ targets: expect.any(Number) }),
      }),
    ]);
    expect(reporter.cycles[0]!.agencies[0]!.obligations.targets).toBeGreaterThan(0);
    const reviewer = await mine('reviewerXd');
    expect(reviewer.cycles[0]!.agencies.map((a) => [a.agency.id, a.roles])).toEqual([
      ['so-xay-dung', ['reviewer']],
    ]);
    // A reporter of an agency with nothing in the cycle still sees the cycle, with nothing to do.
    expect((await mine('reporterHoanKiem')).cycles[0]!.agencies).toEqual([]);
  });

  it('gives a role held at the city, and the plan owner, every agency of the cycle', async () => {
    const completion = (await h.as('caseOfficer', { url: `/api/plan/cycles/${cycleId}/completion` })).json();
    const all = completion.rows.map((r: { agency: { id: string } }) => r.agency.id).sort();
    const city = await mine('cityReviewer');
    expect(city.cycles[0]!.agencies.map((a) => a.agency.id).sort()).toEqual(all);
    expect(city.cycles[0]!.agencies.every((a) => a.roles.join() === 'reviewer')).toBe(true);
    const owner = await mine('owner');
    expect(owner.cycles[0]!.agencies.map((a) => a.agency.id).sort()).toEqual(all);
    expect(owner.cycles[0]!.agencies.every((a) => a.roles.join() === 'owner')).toBe(true);
    for (const row of completion.rows as { agency: { id: string }; state: string }[])
      expect(owner.cycles[0]!.agencies.find((a) => a.agency.id === row.agency.id)!.state).toBe(row.state);
  });

  it('is refused to officials who neither report, review nor own a plan, and to citizens', async () => {
    expect((await h.as('caseOfficer', { url: '/api/plan/my/worklists' })).statusCode).toBe(403);
    expect((await h.as('citizen', { url: '/api/plan/my/worklists' })).statusCode).toBe(403);
    expect((await h.t.server.inject({ url: '/api/plan/my/worklists' })).statusCode).toBe(401);
  });
});

describe('completion and agency pages', () => {
  it('shows every agency’s state, lateness and what it has entered', async () => {
    const response = await h.as('caseOfficer', { url: `/api/plan/cycles/${cycleId}/completion` });
    expect(response.statusCode).toBe(200);
    const { cycle, rows } = response.json();
    expect(cycle.counts).toMatchObject({ draft: rows.length });
    const yte = rows.find((r: { agency: { id: string } }) => r.agency.id === 'so-y-te');
    expect(yte).toMatchObject({ state: 'draft', late: true, overdue: true, counts: { valuesEntered: 1 } });
    const xd = rows.find((r: { agency: { id: string } }) => r.agency.id === 'so-xay-dung');
    expect(xd).toMatchObject({
      state: 'draft',
      overdue: true,
      counts: { targets: 0, tasks: 1, valuesEntered: 0 },
    });
    expect(rows.some((r: { agency: { id: string } }) => r.agency.id === 'comm-00004')).toBe(true);
  });

  it('shows a unit that ended with its successors, and a ward with its predecessors’ tasks', async () => {
    const district = await h.as('caseOfficer', { url: `${PLAN}/agencies/dist-001` });
    expect(district.statusCode).toBe(200);
    expect(district.json().agency).toMatchObject({ id: 'dist-001', current: false, validTo: '2025-07-01' });
    expect(district.json().agency.successors.length).toBeGreaterThan(1);
    expect(district.json().tasks.map((t: { code: string }) => t.code)).toEqual(['T-BADINH']);
    const ward = (await h.as('caseOfficer', { url: `${PLAN}/agencies/comm-00004` })).json();
    expect(ward.agency.predecessors.map((p: { id: string }) => p.id)).toContain('dist-001');
    expect(ward.tasks.map((t: { code: string }) => t.code)).toContain('T-BADINH');
    expect(ward.cycles).toMatchObject([{ state: 'draft', obligations: 1, overdue: true }]);
  });

  it('labels the confidence of the agency’s targets', async () => {
    const page = (await h.as('caseOfficer', { url: `${PLAN}/agencies/so-kh-cn` })).json();
    expect(page.targets.find((t: { code: string }) => t.code === 'G08')).toEqual({
      code: 'G08',
      labelVi: expect.any(String),
      labelEn: expect.any(String),
      confidence: 'national_proxy',
      confidenceLabel: { vi: 'Tạm lấy từ chỉ tiêu quốc gia', en: 'Placeholder from a national target' },
    });
  });
});
