import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWorkingCalendar,
  lunarNewYear,
  lunarToSolar,
  newMoonUT,
  solarToLunar,
  sunLongitude,
} from './calendar.ts';

const DAY = 86_400_000;
const dateOf = (offset: number) => new Date(Date.UTC(2000, 0, 1) + offset * DAY).toISOString().slice(0, 10);
const nextDate = (date: string, days = 1) =>
  new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);
/** An instant given as Hanoi wall-clock time. */
const hanoi = (local: string) => new Date(`${local}+07:00`);
/** Dates from 1995 to 2045. */
const anyDate = fc.integer({ min: -1800, max: 16400 }).map(dateOf);

describe('astronomy', () => {
  it('reproduces the worked examples of Meeus, Astronomical Algorithms', () => {
    // Example 49.a: the new moon of February 1977, k = −283, JDE 2443192.65118 (TD);
    // ΔT in 1977 was about 48 s, so UT ≈ 2443192.6506.
    expect(newMoonUT(-283)).toBeCloseTo(2443192.6506, 3);
    // Example 25.a: 1992 Oct 13.0 TD, apparent longitude 199.90895° by the low-accuracy theory
    // (the function takes UT: TD − ΔT, ΔT ≈ 59 s).
    expect(sunLongitude(2448908.5 - 59 / 86400)).toBeCloseTo(199.909, 3);
  });
});

describe('the Vietnamese lunar calendar (UTC+7)', () => {
  it('gives the Tết dates observed in Vietnam', () => {
    const tet: Record<number, string> = {
      1968: '1968-01-29',
      1969: '1969-02-16',
      1985: '1985-01-21',
      2007: '2007-02-17',
      2020: '2020-01-25',
      2021: '2021-02-12',
      2022: '2022-02-01',
      2023: '2023-01-22',
      2024: '2024-02-10',
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2030: '2030-02-02',
    };
    for (const [year, date] of Object.entries(tet)) expect(lunarNewYear(Number(year)), year).toBe(date);
  });

  it('differs from the Chinese calendar (UTC+8) in the years the time zone decides', () => {
    // Vietnam moved to UTC+7 in 1967; the same rules on UTC+8 give China's Spring Festival.
    const divergent: [number, string, string][] = [
      [1968, '1968-01-29', '1968-01-30'],
      [1985, '1985-01-21', '1985-02-20'], // the winter solstice of 1984 falls on different days
      [2007, '2007-02-17', '2007-02-18'],
      [2030, '2030-02-02', '2030-02-03'],
    ];
    for (const [year, vietnam, china] of divergent) {
      expect(lunarNewYear(year, 7), `${year} VN`).toBe(vietnam);
      expect(lunarNewYear(year, 8), `${year} CN`).toBe(china);
    }
    for (const year of [2024, 2025, 2026, 2027, 2028])
      expect(lunarNewYear(year, 8)).toBe(lunarNewYear(year, 7));
  });

  it('places leap months and the lunar dates of known days', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarToLunar('2023-03-21')).toEqual({ year: 2023, month: 2, day: 30, leap: false });
    expect(solarToLunar('2025-07-25')).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(solarToLunar('2020-05-23')).toEqual({ year: 2020, month: 4, day: 1, leap: true });
    // New Year's Eve 2026 is the 29th: the twelfth month of Ất Tỵ has 29 days.
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(() => lunarToSolar({ year: 2025, month: 12, day: 30, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2024, month: 6, day: 1, leap: true })).toThrow(/No such lunar date/);
  });

  it('round-trips every day and counts days within months (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -18000, max: 54000 }).map(dateOf), (date) => {
        const lunar = solarToLunar(date);
        expect(lunarToSolar(lunar)).toBe(date);
        const next = solarToLunar(nextDate(date));
        if (next.day === 1) expect(lunar.day).toBeGreaterThanOrEqual(29);
        else expect(next).toEqual({ ...lunar, day: lunar.day + 1 });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps Tết between 21 January and 20 February (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1901, max: 2198 }), (year) => {
        const tet = lunarNewYear(year);
        expect(tet >= `${year}-01-21` && tet <= `${year}-02-20`, tet).toBe(true);
        expect(solarToLunar(nextDate(tet, -1)).month).toBe(12);
      }),
      { numRuns: 100 },
    );
  });
});

describe('working days', () => {
  const calendar = createWorkingCalendar();

  it('rests on Saturdays and Sundays', () => {
    expect(calendar.isWorkingDay('2025-03-07')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-03-08')).toBe(false);
    expect(calendar.isWorkingDay('2025-03-09')).toBe(false);
    expect(calendar.isWorkingDay('2025-03-10')).toBe(true);
    expect(calendar.holiday('2025-03-08')).toBeNull();
  });

  it('knows each holiday of Labour Code Art. 112 with its names', () => {
    expect(calendar.holiday('2025-01-01')).toEqual({ vi: 'Tết Dương lịch', en: "New Year's Day" });
    // Tết 2025: 28 Jan (last day of Giáp Thìn) and 29 Jan – 1 Feb.
    expect(calendar.holiday('2025-01-27')).toBeNull();
    expect(calendar.holiday('2025-01-28')?.vi).toMatch(/Tết Nguyên đán.*cuối năm/);
    for (const [date, n] of [
      ['2025-01-29', 1],
      ['2025-01-30', 2],
      ['2025-01-31', 3],
      ['2025-02-01', 4],
    ] as const) {
      expect(calendar.holiday(date)).toEqual({
        vi: `Tết Nguyên đán (mùng ${n} tháng Giêng)`,
        en: `Lunar New Year (day ${n} of the first lunar month)`,
      });
    }
    expect(calendar.holiday('2025-02-02')).toBeNull();
    // Hùng Kings' day moves with the moon.
    const hung = {
      2022: '2022-04-10',
      2023: '2023-04-29',
      2024: '2024-04-18',
      2025: '2025-04-07',
      2026: '2026-04-26',
    };
    for (const date of Object.values(hung)) expect(calendar.holiday(date)?.en).toMatch(/Hùng Kings/);
    expect(calendar.holiday('2025-04-08')).toBeNull();
    expect(calendar.holiday('2025-04-30')?.vi).toBe('Ngày Chiến thắng (30/4)');
    expect(calendar.holiday('2025-05-01')?.en).toBe('International Labour Day (1 May)');
    expect(calendar.holiday('2025-09-02')?.vi).toBe('Quốc khánh (2/9)');
    expect(calendar.holiday('2025-09-01')?.en).toMatch(/adjacent/);
    expect(calendar.holiday('2025-09-03')).toBeNull();
    expect(calendar.isWorkingDay('2025-04-07')).toBe(false); // a Monday, Hùng Kings' day
    expect(calendar.holidays(2025)).toHaveLength(11);
  });

  it('takes the day beside National Day from configuration', () => {
    const third = createWorkingCalendar({ nationalDaySecondDay: 3 });
    expect(third.isWorkingDay('2025-09-01')).toBe(true);
    expect(third.isWorkingDay('2025-09-03')).toBe(false);
    const perYear = createWorkingCalendar({ nationalDaySecondDay: { default: 1, byYear: { 2027: 3 } } });
    expect(perYear.isWorkingDay('2026-09-01')).toBe(false);
    expect(perYear.isWorkingDay('2027-09-03')).toBe(false);
    expect(perYear.isWorkingDay('2027-09-01')).toBe(true);
  });

  it('applies substitute days and swaps decided by the government', () => {
    // 2025: Friday 2 May off, worked on Saturday 26 April instead; 2026: Hùng Kings' day on a Sunday.
    const decided = createWorkingCalendar({
      extraHolidays: [
        '2025-05-02',
        { date: '2026-04-27', vi: 'Nghỉ bù Giỗ Tổ Hùng Vương', en: "Substitute day for Hùng Kings' day" },
      ],
      extraWorkingDays: ['2025-04-26'],
    });
    expect(calendar.isWorkingDay('2025-05-02')).toBe(true);
    expect(decided.isWorkingDay('2025-05-02')).toBe(false);
    expect(decided.holiday('2025-05-02')?.vi).toMatch(/quyết định/);
    expect(decided.isWorkingDay('2025-04-26')).toBe(true);
    expect(decided.holiday('2026-04-27')?.en).toBe("Substitute day for Hùng Kings' day");
    expect(decided.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-28');
  });

  it('counts working days across Tết and refuses bad input', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-01-27');
    expect(calendar.addWorkingDays('2025-01-24', 2)).toBe('2025-02-03');
    expect(calendar.addWorkingDays('2025-01-25', 0)).toBe('2025-01-25');
    expect(calendar.workingDaysBetween('2025-01-24', '2025-02-03')).toBe(2);
    expect(calendar.workingDaysBetween('2025-02-03', '2025-01-24')).toBe(-2);
    expect(() => calendar.addWorkingDays('2025-01-24', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-01-24', 1.5)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2025-02-30')).toThrow(/No such date/);
    expect(() => calendar.isWorkingDay('24/01/2025')).toThrow(/Not a date/);
  });

  describe('properties', () => {
    const days = fc.integer({ min: 0, max: 120 });

    it('addWorkingDays lands on a working day, grows with n, and inverts workingDaysBetween', () => {
      fc.assert(
        fc.property(anyDate, days, days, (date, a, b) => {
          const at = calendar.addWorkingDays(date, a);
          if (a >= 1) expect(calendar.isWorkingDay(at)).toBe(true);
          expect(calendar.workingDaysBetween(date, at)).toBe(a);
          const [n, m] = a < b ? [a, b] : [b, a];
          if (n < m) expect(calendar.addWorkingDays(date, n) < calendar.addWorkingDays(date, m)).toBe(true);
          // Adding in two steps is adding once.
          expect(calendar.addWorkingDays(calendar.addWorkingDays(date, n), m - n)).toBe(
            calendar.addWorkingDays(date, m),
          );
        }),
        { numRuns: 200 },
      );
    });

    it('workingDaysBetween is additive and never more than the calendar days', () => {
      fc.assert(
        fc.property(
          anyDate,
          fc.integer({ min: 0, max: 200 }),
          fc.integer({ min: 0, max: 200 }),
          (a, x, y) => {
            const b = nextDate(a, x);
            const c = nextDate(b, y);
            const ab = calendar.workingDaysBetween(a, b);
            expect(ab + calendar.workingDaysBetween(b, c)).toBe(calendar.workingDaysBetween(a, c));
            expect(ab).toBeLessThanOrEqual(x);
            // At most 5 of any 7 days work.
            expect(ab).toBeLessThanOrEqual(Math.ceil((x * 5) / 7) + 2);
          },
        ),
        { numRuns: 200 },
      );
    });

    it('a pause of k working days moves the due date by exactly k working days', () => {
      fc.assert(
        fc.property(
          anyDate,
          fc.integer({ min: 1, max: 60 }),
          fc.integer({ min: 0, max: 1000 }),
          fc.integer({ min: 0, max: 60 }),
          (received, workingDays, where, length) => {
            const receivedAt = hanoi(`${received}T10:00:00`);
            const due = calendar.dueDate({ receivedAt, workingDays, pauses: [] });
            // The pause starts on a day from receipt up to the day before the due date.
            const span = Math.round((Date.parse(due) - Date.parse(received)) / DAY);
            const start = nextDate(received, where % span);
            const end = nextDate(start, length);
            const k = calendar.workingDaysBetween(start, end);
            const pauses = [{ from: hanoi(`${start}T09:00:00`), to: hanoi(`${end}T16:00:00`) }];
            expect(calendar.dueDate({ receivedAt, workingDays, pauses })).toBe(
              calendar.addWorkingDays(due, k),
            );
          },
        ),
        { numRuns: 200 },
      );
    });

    it('the due date is the receipt date plus the working days and the extension', () => {
      fc.assert(
        fc.property(anyDate, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 }), (d, n, e) => {
          const receivedAt = hanoi(`${d}T23:59:00`);
          const due = calendar.dueDate({ receivedAt, workingDays: n, pauses: [] });
          expect(due).toBe(calendar.addWorkingDays(d, n));
          expect(calendar.dueDate({ receivedAt, workingDays: n, pauses: [], extensionDays: e })).toBe(
            calendar.addWorkingDays(due, e),
          );
        }),
        { numRuns: 200 },
      );
    });
  });
});

describe('the legal clock', () => {
  const calendar = createWorkingCalendar();
  const base = { workingDays: 5, pauses: [] };

  it('starts on the working day after receipt', () => {
    // Received Monday 3 March 2025: Tue 4 … Mon 10 are the five days.
    expect(calendar.dueDate({ ...base, receivedAt: hanoi('2025-03-03T10:00:00') })).toBe('2025-03-10');
    // Received on a Saturday: counting starts Monday.
    expect(calendar.dueDate({ ...base, receivedAt: hanoi('2025-03-08T10:00:00') })).toBe('2025-03-14');
    // Received on the eve of Tết 2025 (Friday 24 Jan).
    expect(calendar.dueDate({ ...base, receivedAt: hanoi('2025-01-24T10:00:00') })).toBe('2025-02-06');
  });

  it('may start the same day before the cut-off when the procedure allows', () => {
    const sameDay = { ...base, sameDayStart: true };
    expect(calendar.dueDate({ ...sameDay, receivedAt: hanoi('2025-03-03T14:59:00') })).toBe('2025-03-07');
    expect(calendar.dueDate({ ...sameDay, receivedAt: hanoi('2025-03-03T15:00:00') })).toBe('2025-03-10');
    expect(calendar.dueDate({ ...sameDay, cutoff: '16:30', receivedAt: hanoi('2025-03-03T16:00:00') })).toBe(
      '2025-03-07',
    );
    // A Saturday morning is not a working day, cut-off or not.
    expect(calendar.dueDate({ ...sameDay, receivedAt: hanoi('2025-03-08T08:00:00') })).toBe('2025-03-14');
    expect(() => calendar.dueDate({ ...sameDay, cutoff: '3pm', receivedAt: new Date() })).toThrow(RangeError);
  });

  it('stops while a supplement is awaited and resumes with the days left', () => {
    const receivedAt = hanoi('2025-03-03T10:00:00');
    // Supplement requested Wed 5 Mar, supplied Mon 10 Mar: Thu 6, Fri 7, Mon 10 do not count.
    const pauses = [{ from: hanoi('2025-03-05T09:00:00'), to: hanoi('2025-03-10T14:00:00') }];
    expect(calendar.dueDate({ ...base, receivedAt, pauses })).toBe('2025-03-13');
    // Two pauses add up; a pause within the same day costs nothing.
    const two = [...pauses, { from: hanoi('2025-03-11T08:00:00'), to: hanoi('2025-03-12T08:00:00') }];
    expect(calendar.dueDate({ ...base, receivedAt, pauses: two })).toBe('2025-03-14');
    const sameDay = [{ from: hanoi('2025-03-04T08:00:00'), to: hanoi('2025-03-04T17:00:00') }];
    expect(calendar.dueDate({ ...base, receivedAt, pauses: sameDay })).toBe('2025-03-10');
    // An open pause runs until `asOf`.
    const open = [{ from: hanoi('2025-03-05T09:00:00'), to: null }];
    expect(calendar.dueDate({ ...base, receivedAt, pauses: open, asOf: hanoi('2025-03-07T12:00:00') })).toBe(
      '2025-03-12',
    );
    // A pause opened after `asOf` has cost nothing yet.
    expect(calendar.dueDate({ ...base, receivedAt, pauses: open, asOf: hanoi('2025-03-04T12:00:00') })).toBe(
      '2025-03-10',
    );
    expect(() =>
      calendar.dueDate({
        ...base,
        receivedAt,
        pauses: [{ from: hanoi('2025-03-05T09:00:00'), to: hanoi('2025-03-04T09:00:00') }],
      }),
    ).toThrow(/ends before/);
  });

  it('adds extension days', () => {
    const receivedAt = hanoi('2025-03-03T10:00:00');
    expect(calendar.dueDate({ ...base, receivedAt, extensionDays: 2 })).toBe('2025-03-12');
    expect(() => calendar.dueDate({ ...base, receivedAt, extensionDays: -1 })).toThrow(RangeError);
  });

  describe('whatever the server time zone', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it('reads instants in Hanoi time', () => {
      // 17:30 UTC on 3 March is 00:30 on 4 March in Hanoi: the receipt day is the 4th.
      const receivedAt = new Date('2025-03-03T17:30:00Z');
      const input = { ...base, receivedAt, sameDayStart: true };
      const answers = new Set<string>();
      for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Ho_Chi_Minh']) {
        process.env.TZ = zone;
        answers.add(`${new Date(0).getTimezoneOffset()}`);
        expect(calendar.dueDate(input), zone).toBe('2025-03-10');
        expect(calendar.dueDate({ ...input, sameDayStart: false }), zone).toBe('2025-03-11');
      }
      // The zones really changed under the code.
      expect(answers.size).toBe(4);
    });
  });
});
