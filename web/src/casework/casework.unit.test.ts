import { describe, expect, it } from 'vitest';
import { actionSpecs, actionsFor, bodyOf, emptyValues, problemsOf } from './actions.ts';
import { deadlineText } from './DeadlineBadge.tsx';

const vi = <T>(pair: { vi: T; en: T }) => pair.vi;
const en = <T>(pair: { vi: T; en: T }) => pair.en;
const spec = (name: string) => actionSpecs.find((s) => s.name === name)!;

describe('deadline texts (colour is never the only signal)', () => {
  it('words every deadline state, in both languages', () => {
    expect(deadlineText({ colour: 'overdue', daysLeft: -3, overdue: true }, vi)).toBe(
      'Quá hạn 3 ngày làm việc',
    );
    expect(deadlineText({ colour: 'overdue', daysLeft: -3, overdue: true }, en)).toBe(
      'Overdue by 3 working days',
    );
    expect(deadlineText({ colour: 'due-soon', daysLeft: 2, overdue: false }, vi)).toBe(
      'Sắp đến hạn: còn 2 ngày làm việc',
    );
    expect(deadlineText({ colour: 'due-soon', daysLeft: 0, overdue: false }, en)).toBe('Due today');
    expect(deadlineText({ colour: 'on-track', daysLeft: 6, overdue: false }, vi)).toBe('Còn 6 ngày làm việc');
    expect(deadlineText({ colour: 'paused', daysLeft: null, overdue: false }, en)).toBe('Clock paused');
    expect(deadlineText({ colour: 'no-clock', daysLeft: null, overdue: false }, vi)).toMatch(/Chưa tính hạn/);
    expect(deadlineText({ colour: 'done', daysLeft: null, overdue: false }, en)).toBe('Decided');
  });
});

describe('the actions offered per state (docs/public-services.md, "States and actions")', () => {
  it('offers what the server allows, in the panel’s order, and nothing unknown', () => {
    const names = (allowed: string[]) => actionsFor(allowed).map((s) => s.name);
    expect(names(['start_intake', 'refuse_intake', 'receive'])).toEqual([
      'receive',
      'start_intake',
      'refuse_intake',
    ]);
    expect(names(['return_from_agency', 'no_such_action'])).toEqual(['return_from_agency']);
    expect(names([])).toEqual([]);
  });

  it('asks for confirmation on final decisions only', () => {
    expect(
      actionSpecs
        .filter((s) => s.final)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['approve', 'close', 'deny', 'issue_result', 'refuse_intake']);
  });
});

describe('action bodies', () => {
  it('requires a reason where the server does, and sends the server’s shape', () => {
    expect(problemsOf(spec('deny'), emptyValues)).toEqual({ reason: true });
    expect(problemsOf(spec('deny'), { ...emptyValues, reason: ' ab ' })).toEqual({ reason: true });
    expect(bodyOf(spec('deny'), { ...emptyValues, reason: ' Không đủ điều kiện ' })).toEqual({
      action: 'deny',
      reason: 'Không đủ điều kiện',
    });
    expect(problemsOf(spec('approve'), emptyValues)).toEqual({});
    expect(bodyOf(spec('approve'), emptyValues)).toEqual({ action: 'approve' });
  });

  it('checks extension days and the receiving agency', () => {
    expect(problemsOf(spec('extend'), { ...emptyValues, reason: 'Cần xác minh', days: '16' })).toEqual({
      days: true,
    });
    expect(bodyOf(spec('extend'), { ...emptyValues, reason: 'Cần xác minh', days: '5' })).toEqual({
      action: 'extend',
      days: 5,
      reason: 'Cần xác minh',
    });
    expect(problemsOf(spec('send_to_agency'), { ...emptyValues, reason: 'Liên thông' })).toEqual({
      targetAgencyId: true,
    });
    expect(bodyOf(spec('assign'), { ...emptyValues, step: ' Thẩm định ' })).toEqual({
      action: 'assign',
      step: 'Thẩm định',
    });
  });
});
