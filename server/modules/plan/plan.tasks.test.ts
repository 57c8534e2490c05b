import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/platform.ts';
import { createPlanHarness, movableClock, type PlanHarness } from './plan.test-support.ts';

let h: PlanHarness;
const PLAN = '/api/plan/plans/kh-239-2023';
const ids: Record<string, string> = {};
let cycleId: string;

const base = {
  titleVi: 'Cấp phép xây dựng trực tuyến',
  titleEn: 'Online building permits',
  pillar: 'government',
  leadAgencyId: 'so-xay-dung',
  startOn: '2026-01-01',
  deadline: '2027-06-30',
  targetCodes: ['G03'],
};

beforeAll(async () => {
  const clock = movableClock('2026-11-26T03:00:00Z');
  h = await createPlanHarness(await createTestPlatform({ clock }), clock);
  const create = async (code: string, payload: Record<string, unknown>) => {
    const response = await h.as('owner', {
      method: 'POST',
      url: `${PLAN}/tasks`,
      payload: { ...base, code, ...payload },
    });
    expect(response.statusCode, `${code}: ${response.body}`).toBe(201);
    ids[code] = response.json().id;
  };
  await create('N-01', {
    coordinatingAgencyIds: ['so-kh-cn', 'vp-ubnd'],
    status: 'in_progress',
    progress: 30,
  });
  await create('N-02', {
    leadAgencyId: 'so-y-te',
    pillar: 'society',
    targetCodes: ['S03'],
    deadline: '2026-06-30',
    status: 'in_progress',
  });
  await create('N-03', {
    leadAgencyId: 'so-y-te',
    pillar: 'society',
    targetCodes: [],
    deadline: '2026-03-31',
    status: 'done',
    progress: 100,
  });
  await create('N-04', {
    leadAgencyId: 'dist-002',
    startOn: '2024-01-01',
    deadline: '2025-06-30',
    targetCodes: ['G21'],
  });
  await create('N-05', { leadAgencyId: 'so-kh-cn', status: 'cancelled' });
  const cycle = await h.as('owner', {
    method: 'POST',
    url: `${PLAN}/cycles`,
    payload: { period: '2026Q4', dueOn: '2027-01-15' },
  });
  cycleId = cycle.json().id;
});
afterAll(async () => {
  await h?.close();
});

describe('creating and editing tasks', () => {
  it('keeps the task’s agencies, targets and dates', async () => {
    const task = (await h.as('caseOfficer', { url: `/api/plan/tasks/${ids['N-01']}` })).json();
    expect(task).toMatchObject({
      code: 'N-01',
      leadAgency: { id: 'so-xay-dung', current: true },
      status: 'in_progress',
      overdue: false,
      progress: 30,
      targetCodes: ['G03'],
      targets: [{ code: 'G03', confidence: 'national_proxy' }],
      example: false,
    });
    expect(task.coordinatingAgencies.map((a: { id: string }) => a.id)).toEqual(['so-kh-cn', 'vp-ubnd']);
  });

  it('refuses what does not hold together, and anyone but the plan owner', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ code: 'N-01' }, 409],
      [{ code: 'X-1', leadAgencyId: 'dist-002', startOn: '2026-01-01' }, 422], // no district in 2026
      [{ code: 'X-2', leadAgencyId: 'so-khong-co' }, 422],
      [{ code: 'X-3', targetCodes: ['Z99'] }, 404],
      [{ code: 'X-4', pillar: 'space' }, 400],
      [{ code: 'X-5', deadline: '2025-01-01' }, 400],
      [{ code: 'X-6', progress: 120 }, 400],
      [{ code: 'X-7', status: 'overdue' }, 400],
      [{ code: 'X-8', owner: 'me' }, 400],
    ];
    for (const [payload, status] of cases) {
      const response = await h.as('owner', {
        method: 'POST',
        url: `${PLAN}/tasks`,
        payload: { ...base, ...payload },
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
    }
    for (const who of ['reporterXd', 'reviewerXd', 'ownerElsewhere']) {
      expect(
        (await h.as(who, { method: 'POST', url: `${PLAN}/tasks`, payload: { ...base, code: 'Y-1' } }))
          .statusCode,
      ).toBe(403);
      expect(
        (
          await h.as(who, {
            method: 'PATCH',
            url: `/api/plan/tasks/${ids['N-01']}`,
            payload: { progress: 90 },
          })
        ).statusCode,
      ).toBe(403);
    }
  });

  it('lets the owner edit a task, audited', async () => {
    const response = await h.as('owner', {
      method: 'PATCH',
      url: `/api/plan/tasks/${ids['N-05']}`,
      payload: { status: 'not_started', coordinatingAgencyIds: ['so-tai-chinh'], targetCodes: ['G26'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'not_started',
      targetCodes: ['G26'],
      coordinatingAgencies: [{ id: 'so-tai-chinh' }],
    });
    const audit = await h.t.platform.context.database.db
      .selectFrom('platform.audit_log')
      .select(['action', 'object_id'])
      .where('action', 'in', ['plan.task.create', 'plan.task.update'])
      .execute();
    expect(audit.filter((a: { action: string }) => a.action === 'plan.task.create')).toHaveLength(5);
    expect(audit.some((a: { object_id: string }) => a.object_id === ids['N-05'])).toBe(true);
  });
});

describe('the task board', () => {
  const codes = async (query: string) =>
    ((await h.as('caseOfficer', { url: `${PLAN}/tasks?${query}` })).json().tasks as { code: string }[]).map(
      (t) => t.code,
    );

  it('filters by agency (lead or coordinating), pillar, status and overdue', async () => {
    expect(await codes('agency=so-kh-cn')).toEqual(['N-01', 'N-05']);
    expect(await codes('agency=so-y-te')).toEqual(['N-02', 'N-03']);
    expect(await codes('pillar=society')).toEqual(['N-02', 'N-03']);
    expect(await codes('overdue=true')).toEqual(['N-02', 'N-04']);
    expect(await codes('status=overdue')).toEqual(['N-02', 'N-04']);
    expect(await codes('status=in_progress')).toEqual(['N-01']);
    expect(await codes('status=done')).toEqual(['N-03']);
    expect(await codes('q=N-0&limit=2')).toEqual(['N-01', 'N-02']);
    const page = (await h.as('caseOfficer', { url: `${PLAN}/tasks?limit=2&offset=2` })).json();
    expect(page.total).toBe(5);
    expect(page.tasks.map((t: { code: string }) => t.code)).toEqual(['N-03', 'N-04']);
    expect((await h.as('caseOfficer', { url: `${PLAN}/tasks?status=late` })).statusCode).toBe(400);
  });

  it('shows a district’s task with the wards that took over, and finds it from a ward', async () => {
    const [task] = (await h.as('caseOfficer', { url: `${PLAN}/tasks?agency=dist-002` })).json().tasks;
    expect(task).toMatchObject({
      code: 'N-04',
      status: 'overdue',
      leadAgency: { id: 'dist-002', current: false },
    });
    expect(task.leadAgency.successors.map((s: { id: string }) => s.id)).toContain('comm-00070');
    expect(await codes('agency=comm-00070')).toEqual([]);
    expect(await codes('agency=comm-00070&lineage=true')).toEqual(['N-04']);
  });
});

describe('task reports', () => {
  const reportUrl = (code: string) => `/api/plan/tasks/${ids[code]}/reports/2026Q4`;
  const pdf = Buffer.from('%PDF-1.4\n% minh chứng\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  const multipart = (filename: string, bytes: Buffer) => {
    const boundary = '----plan-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  };

  it('are written by the lead agency’s reporters only', async () => {
    const body = {
      narrative: 'Đã cấp 120 giấy phép trực tuyến',
      progress: 55,
      blockers: 'Chậm kết nối dữ liệu đất đai',
    };
    expect(
      (await h.as('reporterYte', { method: 'PUT', url: reportUrl('N-01'), payload: body })).statusCode,
    ).toBe(403);
    expect((await h.as('owner', { method: 'PUT', url: reportUrl('N-01'), payload: body })).statusCode).toBe(
      403,
    );
    const saved = await h.as('reporterXd', { method: 'PUT', url: reportUrl('N-01'), payload: body });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      progress: 55,
      state: 'draft',
      agencyId: 'so-xay-dung',
      updatedBy: 'reporter.xd',
    });
    const noCycle = await h.as('reporterXd', {
      method: 'PUT',
      url: `/api/plan/tasks/${ids['N-01']}/reports/2026Q2`,
      payload: body,
    });
    expect(noCycle.statusCode).toBe(422);
  });

  it('take evidence checked by content, downloadable only by those who may see the report', async () => {
    const upload = await h.as('reporterXd', {
      method: 'POST',
      url: `${reportUrl('N-01')}/evidence`,
      ...multipart('giấy phép.pdf', pdf),
    });
    expect(upload.statusCode).toBe(201);
    const file = upload.json();
    expect(file).toMatchObject({ filename: 'giấy phép.pdf', mediaType: 'application/pdf' });
    const fake = await h.as('reporterXd', {
      method: 'POST',
      url: `${reportUrl('N-01')}/evidence`,
      ...multipart('virus.pdf', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03])),
    });
    expect(fake.statusCode).toBe(415);
    expect(
      (
        await h.as('reporterYte', {
          method: 'POST',
          url: `${reportUrl('N-01')}/evidence`,
          ...multipart('a.pdf', pdf),
        })
      ).statusCode,
    ).toBe(403);

    const own = await h.as('reporterXd', { url: `/api/plan/evidence/${file.id}` });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.rawPayload.equals(pdf)).toBe(true);
    expect((await h.as('owner', { url: `/api/plan/evidence/${file.id}` })).statusCode).toBe(200);
    // A draft report of another agency is not there for them.
    expect((await h.as('reporterYte', { url: `/api/plan/evidence/${file.id}` })).statusCode).toBe(404);
    const detail = (await h.as('reporterYte', { url: `/api/plan/tasks/${ids['N-01']}` })).json();
    expect(detail.reports).toEqual([]);
    expect(detail.lastReport).toBeNull();
  });

  it('lock on submission and move the task’s progress on approval', async () => {
    const cycleAgency = `/api/plan/cycles/${cycleId}/agencies/so-xay-dung`;
    expect(
      (await h.as('reporterXd', { method: 'POST', url: `${cycleAgency}/submit`, payload: {} })).statusCode,
    ).toBe(200);
    const edit = await h.as('reporterXd', {
      method: 'PUT',
      url: reportUrl('N-01'),
      payload: { narrative: 'sửa', progress: 60, blockers: null },
    });
    expect(edit.statusCode).toBe(409);
    expect(
      (await h.as('reviewerXd', { method: 'POST', url: `${cycleAgency}/approve`, payload: {} })).statusCode,
    ).toBe(200);
    const task = (await h.as('reporterYte', { url: `/api/plan/tasks/${ids['N-01']}` })).json();
    expect(task).toMatchObject({
      progress: 55,
      status: 'in_progress',
      lastReport: { period: '2026Q4', progress: 55, state: 'approved' },
    });
    expect(task.reports[0]).toMatchObject({
      state: 'approved',
      blockers: 'Chậm kết nối dữ liệu đất đai',
      evidence: [{ mediaType: 'application/pdf' }],
    });
    const locked = await h.as('reporterXd', {
      method: 'PUT',
      url: reportUrl('N-01'),
      payload: { narrative: 'sửa', progress: 60, blockers: null },
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().en.detail).toBe('The reporting period has been approved and is locked.');
    // Approved: now any official may read the evidence.
    expect(
      (await h.as('reporterYte', { url: `/api/plan/evidence/${task.reports[0].evidence[0].id}` })).statusCode,
    ).toBe(200);
    expect(
      (await h.as('citizen', { url: `/api/plan/evidence/${task.reports[0].evidence[0].id}` })).statusCode,
    ).toBe(403);
  });
});
