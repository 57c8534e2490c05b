import { describe, expect, it } from 'vitest';
import { periodChoices } from './components/PeriodPicker.tsx';
import { parsePeriodId } from './period.ts';
import { readNumber } from './report/number.ts';
import { periodSearch, taskBoardSearch } from './search.ts';
import { formFromTarget, patchFromForm } from './target/edit/target-form.ts';
import { seriesChartOption } from './target/series-chart.ts';
import type { TargetDetail } from './types.ts';

describe('periods', () => {
  it('places each period at its last day', () => {
    expect(parsePeriodId('2025Q3')).toMatchObject({
      type: 'quarter',
      year: 2025,
      index: 3,
      lastDay: '2025-09-30',
    });
    expect(parsePeriodId('2024S1')?.lastDay).toBe('2024-06-30');
    expect(parsePeriodId('202402')?.lastDay).toBe('2024-02-29');
    expect(parsePeriodId('2025')?.lastDay).toBe('2025-12-31');
    expect(parsePeriodId('2025Q5')).toBeNull();
  });

  it('offers quarters up to the current one, newest first, then years', () => {
    const choices = periodChoices('2025-08-15', 2024);
    expect(choices.slice(0, 3)).toEqual(['2025Q3', '2025Q2', '2025Q1']);
    expect(choices).toContain('2024Q1');
    expect(choices.slice(-2)).toEqual(['2025', '2024']);
  });
});

describe('what people type', () => {
  it('reads numbers with a decimal comma or point, empty as null, anything else as invalid', () => {
    expect(readNumber('85,5')).toBe(85.5);
    expect(readNumber(' 12.25 ')).toBe(12.25);
    expect(readNumber('')).toBeNull();
    expect(readNumber('1.200,5')).toBeUndefined();
    expect(readNumber('abc')).toBeUndefined();
  });

  it('keeps only valid filters from the address', () => {
    expect(periodSearch({ period: '2025Q2' })).toEqual({ period: '2025Q2' });
    expect(periodSearch({ period: 'last' })).toEqual({ period: undefined });
    expect(
      taskBoardSearch({ agency: 'so-y-te', status: 'overdue', overdue: 'true', page: '2', pillar: 'X Y' }),
    ).toEqual({
      agency: 'so-y-te',
      pillar: undefined,
      status: 'overdue',
      overdue: true,
      lineage: undefined,
      q: undefined,
      page: 2,
    });
    expect(taskBoardSearch({ status: 'finished', page: '-1' })).toMatchObject({
      status: undefined,
      page: undefined,
    });
  });
});

const target = {
  code: 'G05',
  labelVi: 'Người dùng được xác thực hợp nhất',
  labelEn: 'Users authenticated in one unified way',
  unit: '%',
  direction: 'at_least',
  confidence: 'seed',
  confidenceLabel: { vi: 'Nêu trong bản tóm tắt Kế hoạch', en: 'Stated in the plan summary' },
  milestones: [
    { year: 2025, value: 100, deadline: '2025-12-31', note: null },
    {
      year: 2030,
      value: null,
      deadline: '2030-12-31',
      note: { vi: 'Chưa có giá trị mục tiêu', en: 'No target value known' },
    },
  ],
  baseline: { value: 40, year: 2023 },
  leadAgency: null,
  sourceDocument: null,
  sourceUrl: null,
  thresholds: { onTrack: 0.95, atRisk: 0.8 },
  path: { kind: 'linear', steps: [] },
  series: [
    {
      period: '2025Q1',
      value: 60,
      source: 'city',
      agencies: 0,
      provenanceKind: 'manual',
      example: true,
      demo: false,
      updatedAt: '',
    },
    {
      period: '2024Q4',
      value: 55,
      source: 'city',
      agencies: 0,
      provenanceKind: 'manual',
      example: true,
      demo: false,
      updatedAt: '',
    },
  ],
  expectedPath: [
    { period: '2024Q4', date: '2024-12-31', value: 70 },
    { period: '2025Q4', date: '2025-12-31', value: 100 },
  ],
  forecast: {
    method: 'linear_least_squares',
    points: 3,
    atPeriod: '2025Q4',
    atDate: '2025-12-31',
    projected: 75,
    low: 70,
    high: 80,
    runRateNeeded: 13.3,
    slopePerPeriod: 5,
    milestoneYear: 2025,
  },
} as unknown as TargetDetail;

describe('the target chart', () => {
  it('draws values at their periods’ last days, the path, the forecast with its band, and known milestones only', () => {
    const option = seriesChartOption(target, {
      observed: 'observed',
      expected: 'expected',
      forecast: 'forecast',
      band: 'band',
      milestone: (year) => `target ${year}`,
      format: String,
    });
    const series = option.series as { name: string; data: unknown[]; markLine?: { data: unknown[] } }[];
    const observed = series.find((entry) => entry.name === 'observed');
    expect(observed?.data).toEqual([
      ['2024-12-31', 55],
      ['2025-03-31', 60],
    ]);
    expect(observed?.markLine?.data).toEqual([{ name: 'target 2025', yAxis: 100 }]);
    expect(series.find((entry) => entry.name === 'forecast')?.data).toEqual([
      ['2025-03-31', 60],
      ['2025-12-31', 75],
    ]);
    // The band: its lower edge, then its width stacked on top (10 = 80 − 70).
    const band = series.filter((entry) => entry.name === 'band');
    expect(band.map((entry) => entry.data.at(-1))).toEqual([
      ['2025-12-31', 70],
      ['2025-12-31', 10],
    ]);
  });
});

describe('the target edit form', () => {
  it('round-trips a target into a PATCH body, keeping an unknown milestone as null', () => {
    const form = formFromTarget(target);
    expect(form.onTrack).toBe('95');
    const result = patchFromForm({
      ...form,
      confidence: 'official',
      steps: '2025Q2 = 80',
      note: 'Đối chiếu văn bản',
    });
    expect(result).toEqual({
      body: expect.objectContaining({
        confidence: 'official',
        baseline: { value: 40, year: 2023 },
        milestones: [
          { year: 2025, value: 100 },
          { year: 2030, value: null },
        ],
        thresholds: { onTrack: 0.95, atRisk: 0.8 },
        path: { kind: 'linear', steps: [{ period: '2025Q2', value: 80 }] },
        note: 'Đối chiếu văn bản',
      }),
    });
  });

  it('names what cannot be sent', () => {
    const form = formFromTarget(target);
    expect(patchFromForm({ ...form, baselineYear: '' })).toEqual({ problem: 'baseline' });
    expect(patchFromForm({ ...form, atRisk: '99' })).toEqual({ problem: 'threshold' });
    expect(patchFromForm({ ...form, steps: 'Q2 = 60' })).toEqual({ problem: 'steps' });
    expect(patchFromForm({ ...form, milestones: [{ year: '2025', value: 'nhiều' }] })).toEqual({
      problem: 'milestone',
    });
  });
});
