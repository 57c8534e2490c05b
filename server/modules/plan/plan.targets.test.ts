import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/platform.ts';
import { approvedValues, createPlanHarness, movableClock, type PlanHarness } from './plan.test-support.ts';

let h: PlanHarness;
const PLAN = '/api/plan/plans/kh-239-2023';

beforeAll(async () => {
  const clock = movableClock('2026-11-26T03:00:00Z');
  h = await createPlanHarness(await createTestPlatform({ clock }), clock);
});
afterAll(async () => {
  await h?.close();
});

describe('reference data: Plan 239', () => {
  it('has the plan, its four pillars and the 48 targets with their confidence', async () => {
    const response = await h.as('caseOfficer', { url: PLAN });
    expect(response.statusCode).toBe(200);
    const plan = response.json();
    expect(plan).toMatchObject({
      code: '239/KH-UBND',
      issuedOn: '2023-09-27',
      horizonYear: 2025,
      orientationYear: 2030,
      published: true,
      counts: { targets: 48 },
    });
    expect(plan.implementsDocument).toContain('18-NQ/TU');
    expect(
      plan.pillars.map((p: { code: string; declaredTargets: number; knownTargets: number }) => [
        p.code,
        p.declaredTargets,
        p.knownTargets,
      ]),
    ).toEqual([
      ['government', 27, 27],
      ['economy', 7, 7],
      ['society', 14, 14],
      ['digitisation_archiving', 7, 0],
    ]);
    const archiving = plan.pillars.at(-1);
    expect(archiving.note.en).toMatch(/no target is known/);
  });

  it('evaluates the public page for the last ended quarter while no value is approved', async () => {
    const response = await h.t.server.inject({ url: '/api/plan/public/plans/kh-239-2023/performance' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ period: '2026Q3', periodBasis: 'last_ended' });
  });

  it('binds G05 and G09 to the platform’s computed sources and says so', async () => {
    const overview = (await h.as('caseOfficer', { url: `${PLAN}/overview?period=2026Q3` })).json();
    const g05 = overview.targets.find((t: { code: string }) => t.code === 'G05');
    const g09 = overview.targets.find((t: { code: string }) => t.code === 'G09');
    expect(g05.measuredBy.source).toBe('identity.citizens_unified_sign_in_share');
    expect(g09.measuredBy.source).toBe('identity.officials_digital_identity_share');
    expect(g05.measuredBy.note.vi).toMatch(/Đo tự động/);
    expect(overview.targets.find((t: { code: string }) => t.code === 'G08').measuredBy).toBeNull();
    expect((await h.t.platform.metrics.indicator('KH239.G05'))!.computedSource).toBe(
      'identity.citizens_unified_sign_in_share',
    );
  });

  it('says where a measured value comes from: the query and when it ran', async () => {
    await h.t.platform.metrics.recompute();
    const overview = (await h.as('caseOfficer', { url: `${PLAN}/overview?period=2026Q3` })).json();
    const g09 = overview.targets.find((t: { code: string }) => t.code === 'G09');
    expect(g09.measuredBy.query).toMatch(/select/i);
    expect(Date.parse(g09.measuredBy.computedAt)).not.toBeNaN();
    const detail = (await h.as('caseOfficer', { url: `${PLAN}/targets/G09?period=2026Q3` })).json();
    expect(detail.measuredBy).toMatchObject({ source: 'identity.officials_digital_identity_share' });
    expect(
      detail.observations.every((o: { provenance: { kind: string } }) => o.provenance.kind === 'computed'),
    ).toBe(true);
  });

  it('shows every confidence as a badge and says when no target value is known', async () => {
    const overview = (await h.as('caseOfficer', { url: `${PLAN}/overview?period=2026Q3` })).json();
    const byCode = new Map(overview.targets.map((t: { code: string }) => [t.code, t]));
    expect(byCode.get('S01')).toMatchObject({
      confidence: 'seed',
      confidenceLabel: { en: 'Stated in the plan summary' },
    });
    expect(byCode.get('G03')).toMatchObject({ confidence: 'national_proxy' });
    const unknown = byCode.get('G06') as {
      confidence: string;
      hasTargetValue: boolean;
      milestones: { note: { vi: string } }[];
      status: string;
    };
    expect(unknown.confidence).toBe('unknown');
    expect(unknown.hasTargetValue).toBe(false);
    expect(unknown.milestones[0]!.note.vi).toBe('Chưa có giá trị mục tiêu');
    expect(unknown.status).toBe('no_data');
  });

  it('loads again without change and keeps what the plan owner edited', async () => {
    await h.as('owner', {
      method: 'PATCH',
      url: `${PLAN}/targets/G27`,
      payload: { labelEn: 'Satisfaction (edited)', note: 'test' },
    });
    expect(await h.t.platform.plan.ensureReferenceData()).toEqual({ loaded: false });
    const target = (await h.as('owner', { url: `${PLAN}/targets/G27` })).json();
    expect(target.labelEn).toBe('Satisfaction (edited)');
  });
});

describe('overview and status', () => {
  beforeAll(async () => {
    // G08: a 2025 target of 100 %; approved city values climbing from 40.
    await approvedValues(h.t, [
      { code: 'KH239.G08', period: '2024Q1', value: 40 },
      { code: 'KH239.G08', period: '2025Q1', value: 70 },
      { code: 'KH239.G08', period: '2025Q4', value: 88 },
      // S03: per-agency values only, aggregated (average) for the city.
      { code: 'KH239.S03', period: '2025Q2', agencyId: 'comm-00070', value: 50 },
      { code: 'KH239.S03', period: '2025Q4', agencyId: 'comm-00070', value: 100 },
      { code: 'KH239.S03', period: '2025Q4', agencyId: 'comm-00004', value: 100 },
      // G01 (a rank, annual, at most 5).
      { code: 'KH239.G01', period: '2024', value: 4 },
    ]);
  });

  it('rates each target for the period and counts statuses per pillar', async () => {
    const response = await h.as('caseOfficer', { url: `${PLAN}/overview?period=2025Q4` });
    expect(response.statusCode).toBe(200);
    const overview = response.json();
    expect(overview.period).toBe('2025Q4');
    const byCode = new Map(overview.targets.map((t: { code: string }) => [t.code, t]));
    const g08 = byCode.get('G08') as Record<string, unknown>;
    // Start 40 at 2024Q1, 100 due at the end of 2025: expected 100 at 2025Q4; 48/60 of the way = 0.8.
    expect(g08).toMatchObject({
      status: 'at_risk',
      latest: { period: '2025Q4', value: 88, source: 'city', provenanceKind: 'seed' },
    });
    expect(byCode.get('S03')).toMatchObject({
      status: 'achieved',
      latest: { value: 100, source: 'aggregate', agencies: 2 },
    });
    expect(byCode.get('G01')).toMatchObject({ status: 'achieved', latest: { period: '2024', value: 4 } });
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(sum(overview.totals)).toBe(48);
    for (const pillar of overview.pillars) expect(sum(pillar.counts)).toBe(pillar.knownTargets);
    expect(overview.totals.no_data).toBe(45);
  });

  it('uses only values up to the period', async () => {
    const overview = (await h.as('caseOfficer', { url: `${PLAN}/overview?period=2024Q4` })).json();
    const g08 = overview.targets.find((t: { code: string }) => t.code === 'G08');
    expect(g08.latest.period).toBe('2024Q1');
    expect(overview.targets.find((t: { code: string }) => t.code === 'S03').status).toBe('no_data');
  });

  it('gives a target’s series, expected path, forecast, final evaluation and observations', async () => {
    const response = await h.as('caseOfficer', { url: `${PLAN}/targets/G08?period=2025Q4` });
    expect(response.statusCode).toBe(200);
    const target = response.json();
    expect(target.series.map((p: { period: string }) => p.period)).toEqual(['2024Q1', '2025Q1', '2025Q4']);
    expect(target.expectedPath[0]).toMatchObject({ period: '2024Q1', value: 40 });
    expect(target.expectedPath.find((p: { period: string }) => p.period === '2025Q4').value).toBe(100);
    // The only milestone with a value is 2025's (2030 is unknown): the forecast aims at it.
    expect(target.forecast).toMatchObject({
      method: 'linear_least_squares',
      points: 3,
      milestoneYear: 2025,
      atPeriod: '2025Q4',
    });
    expect(target.forecast.low).toBeLessThanOrEqual(target.forecast.projected);
    expect(target.finalEvaluations[0]).toMatchObject({
      year: 2025,
      evaluation: 'partly_achieved',
      final: true,
      value: 88,
    });
    expect(target.statusByPeriod.map((s: { status: string }) => s.status)).toEqual([
      'on_track',
      'at_risk',
      'at_risk',
    ]); // 2025Q1: 30 of 34.2 expected = 0.88
    expect(target.observations[0]).toMatchObject({
      agencyId: 'hanoi',
      status: 'approved',
      provenance: { kind: 'seed' },
    });
    expect(target.observations[0].agencyNameVi).toMatch(/Hà Nội/);
  });

  it('lets the plan owner override a status with a note, audited', async () => {
    const override = await h.as('owner', {
      method: 'PUT',
      url: `${PLAN}/targets/G08/overrides/2025Q4`,
      payload: { status: 'on_track', note: 'Số liệu quý 4 chưa đủ các sở / Q4 figures incomplete' },
    });
    expect(override.statusCode).toBe(200);
    expect(override.json()).toMatchObject({
      status: 'on_track',
      computedStatus: 'at_risk',
      override: { status: 'on_track', computedStatus: 'at_risk', by: 'owner' },
    });
    const overview = (await h.as('caseOfficer', { url: `${PLAN}/overview?period=2025Q4` })).json();
    expect(overview.targets.find((t: { code: string }) => t.code === 'G08')).toMatchObject({
      status: 'on_track',
      computedStatus: 'at_risk',
    });
    const audit = await h.t.platform.context.database.db
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('action', '=', 'plan.target.override')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      period: '2025Q4',
      status: 'on_track',
      computedStatus: 'at_risk',
    });

    const noNote = await h.as('owner', {
      method: 'PUT',
      url: `${PLAN}/targets/G08/overrides/2025Q4`,
      payload: { status: 'achieved' },
    });
    expect(noNote.statusCode).toBe(400);
    const cleared = await h.as('owner', {
      method: 'PUT',
      url: `${PLAN}/targets/G08/overrides/2025Q4`,
      payload: { status: null, note: 'Đã đủ số liệu / figures complete' },
    });
    expect(cleared.json()).toMatchObject({ status: 'at_risk', override: null });
  });

  it('tells the viewer whether they may edit the target', async () => {
    const canEdit = async (who: string) => (await h.as(who, { url: `${PLAN}/targets/G08` })).json().canEdit;
    expect(await canEdit('owner')).toBe(true);
    for (const who of ['reporterYte', 'reviewerYte', 'caseOfficer', 'ownerElsewhere'])
      expect(await canEdit(who), who).toBe(false);
  });

  it('refuses overrides and edits from anyone but the plan owner', async () => {
    for (const who of ['reporterYte', 'reviewerYte', 'ownerElsewhere']) {
      const response = await h.as(who, {
        method: 'PUT',
        url: `${PLAN}/targets/G08/overrides/2025Q4`,
        payload: { status: 'achieved', note: 'x' },
      });
      expect(response.statusCode, who).toBe(403);
      const edit = await h.as(who, {
        method: 'PATCH',
        url: `${PLAN}/targets/G08`,
        payload: { confidence: 'official' },
      });
      expect(edit.statusCode, who).toBe(403);
    }
  });
});

describe('editing targets', () => {
  it('marks a target official, sets milestones, thresholds and a stepped path', async () => {
    const response = await h.as('owner', {
      method: 'PATCH',
      url: `${PLAN}/targets/G06`,
      payload: {
        confidence: 'official',
        milestones: [
          { year: 2025, value: 90 },
          { year: 2030, value: 100 },
        ],
        baseline: { value: 40, year: 2023 },
        thresholds: { onTrack: 0.9, atRisk: 0.7 },
        path: { kind: 'stepped', steps: [{ period: '2024', value: 60 }] },
        leadAgencyId: 'so-kh-cn',
        note: 'Theo phụ lục Kế hoạch / per the plan annex',
      },
    });
    expect(response.statusCode).toBe(200);
    const target = response.json();
    expect(target).toMatchObject({
      confidence: 'official',
      confidenceLabel: { en: 'Official (confirmed)' },
      hasTargetValue: true,
      baseline: { value: 40, year: 2023 },
      thresholds: { onTrack: 0.9, atRisk: 0.7 },
      path: { kind: 'stepped', steps: [{ period: '2024', value: 60 }] },
      leadAgency: { id: 'so-kh-cn', current: true },
    });
    expect(target.expectedPath.find((p: { period: string }) => p.period === '2024Q3').value).toBe(40);
    expect(target.expectedPath.find((p: { period: string }) => p.period === '2024Q4').value).toBe(60);
    const audit = await h.t.platform.context.database.db
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('action', '=', 'plan.target.update')
      .where('object_id', '=', 'kh-239-2023/G06')
      .execute();
    expect(audit[0]!.details).toMatchObject({ confidence: { from: 'unknown', to: 'official' } });
  });

  it('renames the indicator with the target and refuses bad input', async () => {
    await h.as('owner', {
      method: 'PATCH',
      url: `${PLAN}/targets/G07`,
      payload: { labelVi: 'Khai báo một lần' },
    });
    expect((await h.t.platform.metrics.indicator('KH239.G07'))!.nameVi).toBe('Khai báo một lần');
    const bad = [
      { confidence: 'verified' },
      { thresholds: { onTrack: 0.5, atRisk: 0.9 } },
      {
        milestones: [
          { year: 2025, value: 1 },
          { year: 2025, value: 2 },
        ],
      },
      { note: 'nothing else' },
      { colour: 'red' },
    ];
    for (const payload of bad) {
      const response = await h.as('owner', { method: 'PATCH', url: `${PLAN}/targets/G07`, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const unknownUnit = await h.as('owner', {
      method: 'PATCH',
      url: `${PLAN}/targets/G07`,
      payload: { leadAgencyId: 'so-khong-co' },
    });
    expect(unknownUnit.statusCode).toBe(404);
  });
});

describe('access', () => {
  it('keeps citizens and anonymous callers out of the officials’ routes', async () => {
    for (const url of [PLAN, `${PLAN}/overview`, `${PLAN}/targets/G08`, `${PLAN}/tasks`, '/api/plan/plans']) {
      expect((await h.t.server.inject({ url })).statusCode, url).toBe(401);
      expect((await h.as('citizen', { url })).statusCode, url).toBe(403);
    }
    const writes = [
      { method: 'PATCH' as const, url: `${PLAN}/targets/G08`, payload: { confidence: 'official' } },
      { method: 'POST' as const, url: `${PLAN}/cycles`, payload: { period: '2026Q4', dueOn: '2027-01-15' } },
      {
        method: 'PUT' as const,
        url: `${PLAN}/targets/G08/overrides/2025Q4`,
        payload: { status: 'achieved', note: 'x' },
      },
    ];
    for (const write of writes) {
      expect((await h.as('citizen', write)).statusCode, write.url).toBe(403);
      const anonymous = await h.as(null, { ...write, headers: { authorization: 'Bearer none' } });
      expect(anonymous.statusCode, write.url).toBe(401);
    }
  });
});

describe('public performance page', () => {
  it('shows published plans’ targets with status, confidence and a CSV, without sign-in', async () => {
    const response = await h.t.server.inject({
      url: '/api/plan/public/plans/kh-239-2023/performance?period=2025Q4',
    });
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.targets).toHaveLength(48);
    const g08 = page.targets.find((t: { code: string }) => t.code === 'G08');
    expect(g08).toMatchObject({ confidence: 'national_proxy', status: 'at_risk', latest: { value: 88 } });
    const csv = await h.t.server.inject({ url: g08.csvUrl });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFFplan,target,label_vi')).toBe(true);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('239/KH-UBND,G08,');
    expect(lines[3]).toContain(',national_proxy,');
    expect(lines[3]).toContain(',2025Q4,88,city,');
    const unknown = await h.t.server.inject({
      url: '/api/plan/public/plans/kh-239-2023/targets/G23/data.csv',
    });
    expect(unknown.body).toContain('No target value known');
    expect(unknown.body).toContain('no_data');
  });

  it('defaults to the latest quarter with approved reported values, and says so', async () => {
    // G08 and S03 were approved up to 2025Q4; G05 and G09 are measured for 2026Q4 by the
    // platform itself (left out: they would always pull the default to the running quarter).
    const url = '/api/plan/public/plans/kh-239-2023/performance';
    const page = (await h.t.server.inject({ url })).json();
    expect(page).toMatchObject({ period: '2025Q4', periodBasis: 'latest_approved' });
    expect(page.targets.find((t: { code: string }) => t.code === 'G08')).toMatchObject({
      latest: { value: 88 },
    });
    const asked = (await h.t.server.inject({ url: `${url}?period=2024Q4` })).json();
    expect(asked).toMatchObject({ period: '2024Q4', periodBasis: 'requested' });
    // An approval shows on the page at once.
    await approvedValues(h.t, [{ code: 'KH239.G08', period: '2026Q2', value: 95 }]);
    expect((await h.t.server.inject({ url })).json()).toMatchObject({
      period: '2026Q2',
      periodBasis: 'latest_approved',
    });
  });

  it('asks caches to revalidate every time, answering 304 while nothing changed', async () => {
    const url = '/api/plan/public/plans/kh-239-2023/performance?period=2026Q3';
    const first = await h.t.server.inject({ url });
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    const again = await h.t.server.inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const listed = await h.t.server.inject({ url, headers: { 'if-none-match': `W/"other", ${etag}` } });
    expect(listed.statusCode).toBe(304);
    expect((await h.t.server.inject({ url, headers: { 'if-none-match': 'W/"other"' } })).statusCode).toBe(
      200,
    );
    // A new approved value changes the answer and its tag.
    await approvedValues(h.t, [{ code: 'KH239.G08', period: '2026Q3', value: 97 }]);
    const changed = await h.t.server.inject({ url, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().targets.find((t: { code: string }) => t.code === 'G08').latest.value).toBe(97);

    const csvUrl = '/api/plan/public/plans/kh-239-2023/targets/G08/data.csv';
    const csv = await h.t.server.inject({ url: csvUrl });
    expect(csv.headers['cache-control']).toBe('no-cache');
    const csvAgain = await h.t.server.inject({
      url: csvUrl,
      headers: { 'if-none-match': String(csv.headers.etag) },
    });
    expect(csvAgain.statusCode).toBe(304);
    expect(csvAgain.body).toBe('');
  });

  it('hides unpublished plans', async () => {
    const unpublish = await h.as('owner', { method: 'PATCH', url: PLAN, payload: { published: false } });
    expect(unpublish.statusCode).toBe(200);
    expect((await h.t.server.inject({ url: '/api/plan/public/plans' })).json()).toEqual([]);
    expect(
      (await h.t.server.inject({ url: '/api/plan/public/plans/kh-239-2023/performance' })).statusCode,
    ).toBe(404);
    expect(
      (await h.t.server.inject({ url: '/api/plan/public/plans/kh-239-2023/targets/G08/data.csv' }))
        .statusCode,
    ).toBe(404);
    await h.as('owner', { method: 'PATCH', url: PLAN, payload: { published: true } });
    expect((await h.t.server.inject({ url: '/api/plan/public/plans' })).json()).toHaveLength(1);
  });
});
