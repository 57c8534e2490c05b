import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundItems, type FormDefinition } from '../../../../shared/forms/form-rules.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import type { Actor } from '../../../platform/auth/principal.ts';
import { acrValues } from '../../../platform/auth/principal.ts';
import { isoDateInHanoi } from '../../../platform/clock.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import { parsePeriod, periodContaining, previousPeriod } from '../../../platform/period.ts';
import { POPULATION_SERVICE_ID } from '../../exchange/index.ts';
import { PREFILLED_PROCEDURES_SHARE } from './kpi.ts';

/**
 * G04's source (kpi.ts) over the seeded catalogue: the figure equals a count made the long way
 * (each procedure, its published versions, the exchange's registry), and moves as forms are published.
 */
let t: TestPlatform;
// Later than any reference data a prepared test database carries (seeded with the real clock).
let now = new Date('2030-03-10T03:00:00Z');
const clock = { now: () => new Date(now), today: () => isoDateInHanoi(now) };
const admin: Actor = {
  principal: {
    kind: 'official',
    accountId: 'acct-kpi',
    officialId: 'official-kpi',
    sessionId: 'session-kpi',
    username: 'kpi.admin',
    fullName: 'kpi.admin',
    acr: acrValues.officialMfa,
    memberships: [{ unitId: 'hanoi', role: 'city_admin' }],
  },
  requestId: null,
  ip: null,
};

/** A form with one unbound field: nothing for the exchange to pre-fill. */
const unbound: FormDefinition = {
  sections: [
    {
      key: 'main',
      titleVi: 'Thông tin',
      titleEn: 'Details',
      fields: [{ key: 'note', labelVi: 'Ghi chú', labelEn: 'Note', type: 'text', required: true }],
    },
  ],
  blocks: [],
  attachments: [],
};

let source: ComputedSource;
const figure = (period: string) => source.compute(parsePeriod(period), null);

/** The long way: every listed procedure's versions, the newest published before the end, its items. */
async function bruteForce(period: string) {
  const end = new Date(`${parsePeriod(period).end}T00:00:00+07:00`).getTime();
  const { procedures } = t.platform.services;
  const offered = new Set(
    (await t.platform.exchange.services()).filter((s) => s.active).flatMap((s) => s.items),
  );
  let numerator = 0;
  let denominator = 0;
  for (const procedure of (await procedures.list({ limit: 10_000 })).items) {
    if (procedure.onlineLevel !== 'full' && procedure.onlineLevel !== 'partial') continue;
    const { versions } = await procedures.versions(admin.principal, procedure.code);
    const inForce = versions
      .filter((v) => v.status === 'published' && Date.parse(v.publishedAt!) < end)
      .sort((a, b) => a.version - b.version)
      .at(-1);
    if (!inForce) continue;
    denominator++;
    if (boundItems(inForce.definition).some((item) => offered.has(item))) numerator++;
  }
  return { numerator, denominator };
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  source = t.platform.services.procedures.kpiSources.find((s) => s.name === PREFILLED_PROCEDURES_SHARE)!;
}, 400_000);
afterAll(() => t?.close());

describe('G04: online procedures whose form can be pre-filled through the exchange', () => {
  it('equals the long count over the seeded catalogue, labelled demo while only the simulated registry offers the items', async () => {
    const computed = await figure('2030Q1');
    const expected = await bruteForce('2030Q1');
    expect(expected.denominator).toBeGreaterThanOrEqual(8);
    expect(expected.numerator).toBeGreaterThan(0);
    expect(computed).toMatchObject({
      ...expected,
      value: (expected.numerator / expected.denominator) * 100,
      // The seeded forms' items come only from the simulated population registry so far.
      demo: true,
      note: { vi: expect.stringMatching(/mô phỏng/), en: expect.stringMatching(/simulated/) },
    });
    expect(computed.query).toMatch(/from services\.procedures/);
    expect(computed.query).toContain(`${POPULATION_SERVICE_ID} (mô phỏng / simulated)`);
    // Nothing was in force in the quarter before the catalogue's first publication.
    const { procedures } = t.platform.services;
    const published: number[] = [];
    for (const procedure of (await procedures.list({ limit: 10_000 })).items) {
      const { versions } = await procedures.versions(admin.principal, procedure.code);
      published.push(Date.parse(versions[0]!.publishedAt!));
    }
    const first = Math.min(...published);
    const before = previousPeriod(periodContaining('quarter', isoDateInHanoi(new Date(first)))).id;
    expect(await figure(before)).toMatchObject({ value: null, numerator: 0, denominator: 0 });
    expect(await bruteForce(before)).toEqual({ numerator: 0, denominator: 0 });
    // Registered with metrics, and says what it cannot measure.
    const registered = t.platform.metrics.sources().find((s) => s.name === PREFILLED_PROCEDURES_SHARE)!;
    expect(registered.description.en).toMatch(/not whether the service was redesigned/);
    expect(registered.description.vi).toMatch(/không đo việc dịch vụ được thiết kế lại/);
  });

  it('counts a new procedure in the denominator only once its form is published, and not in the numerator without bound items', async () => {
    const { procedures } = t.platform.services;
    const before = await figure('2030Q2');
    await procedures.create(admin, {
      code: 'kpi-thu-khong-dien-san',
      nameVi: 'Thủ tục thử không điền sẵn',
      nameEn: 'Trial procedure without pre-filling',
      agencyLevel: 'department',
      agencyIds: ['so-y-te'],
      fieldVi: 'Y tế',
      fieldEn: 'Health',
      legalBasis: ['Không có (thử nghiệm) / None (trial)'],
      processingDays: 5,
      feeVnd: 0,
      onlineLevel: 'partial',
      requiredDocuments: [],
      resultType: { vi: 'Kết quả', en: 'Result' },
      minimumAcr: 'urn:hanoi:acr:vneid:1',
      notesVi: null,
      notesEn: null,
    });
    await procedures.saveDraft(admin, 'kpi-thu-khong-dien-san', unbound);
    expect(await figure('2030Q2')).toMatchObject({
      numerator: before.numerator,
      denominator: before.denominator,
    });
    await procedures.publish(admin, 'kpi-thu-khong-dien-san');
    const after = await figure('2030Q2');
    expect(after).toMatchObject({ numerator: before.numerator, denominator: before.denominator! + 1 });
    expect(after).toMatchObject(await bruteForce('2030Q2'));
  });

  it('drops a procedure whose new published version binds no item, from the period that version is in force', async () => {
    const { procedures } = t.platform.services;
    const code = 'dang-ky-thuong-tru';
    now = new Date('2030-05-10T03:00:00Z');
    const q1 = await figure('2030Q1');
    const q2 = await figure('2030Q2');
    await procedures.saveDraft(admin, code, unbound);
    // A draft is not in force.
    expect(await figure('2030Q2')).toMatchObject({ numerator: q2.numerator, denominator: q2.denominator });
    await procedures.publish(admin, code);
    const changed = await figure('2030Q2');
    expect(changed).toMatchObject({ numerator: q2.numerator! - 1, denominator: q2.denominator });
    expect(changed).toMatchObject(await bruteForce('2030Q2'));
    expect(changed.query).not.toMatch(new RegExp(`${code}@`));
    // Before 10 May 2030 version 1 (bound to the registry's items) was in force: 2030Q1 is unchanged.
    expect(await figure('2030Q1')).toMatchObject({ numerator: q1.numerator, denominator: q1.denominator });
    expect((await figure('2030Q1')).query).toMatch(new RegExp(`${code}@1`));
  });
});
