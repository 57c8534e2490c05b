import type { Bilingual } from './errors.ts';

/**
 * The Vietnamese working-day calendar and the legal clock of administrative procedures.
 *
 * Working days are Monday to Friday except the public holidays of the Labour Code 2019
 * (Bộ luật Lao động 45/2019/QH14) Art. 112(1): 1 Jan; Tết (the last day of the lunar year and the
 * first 4 days of the new one); Hùng Kings' day (10th of the 3rd lunar month); 30 Apr; 1 May;
 * 2 Sep and one adjacent day (1 or 3 Sep, chosen by the government each year). Substitute days
 * for holidays on a weekend (Art. 112(3)) and the government's day swaps are configuration.
 *
 * Lunar dates are computed, not tabulated, by the rules of the Vietnamese lunisolar calendar on
 * UTC+7 (the meridian 105° E, in force since the decree of 8 Aug 1967):
 *   1. a month begins on the day (UTC+7) that contains the astronomical new moon;
 *   2. month 11 is the month that contains the winter solstice (apparent solar longitude 270°);
 *   3. when 13 months lie between two months 11, the first of them (after month 11) that contains no
 *      major solar term (zhōngqì: solar longitude a multiple of 30°) is the leap month, numbered as
 *      the month before it.
 * New moons come from J. Meeus, "Astronomical Algorithms" (2nd ed., 1998), ch. 49 (all periodic and
 * planetary terms, error under a minute for 1900–2100); the Sun's apparent longitude from ch. 25
 * (the low-accuracy theory, 0.01° ≈ 15 minutes); ΔT from the Espenak–Meeus polynomials (NASA,
 * Five Millennium Canon of Solar Eclipses). The same rules on UTC+8 give the Chinese calendar, which
 * is how the tests check the years where the two differ (Tết 1985, 2007, 2030).
 *
 * No npm library was used: the maintained Vietnamese ones (amlich, lunar-date-vn,
 * @nghiavuive/lunar_date_vi, …) are ports of Hồ Ngọc Đức's 2004 code, whose notice grants use only
 * for personal, non-commercial purposes, and are small enough to write from the published
 * astronomy instead.
 */

// ---------------------------------------------------------------------------------------------
// Dates as Julian day numbers (an integer per calendar day)

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function jdnFromParts(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

function partsFromJdn(jdn: number): { year: number; month: number; day: number } {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

/** Years the calendar answers for; the astronomy is good well beyond, the law is not. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

function toJdn(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const jdn = jdnFromParts(year, month, day);
  const back = partsFromJdn(jdn);
  if (back.year !== year || back.month !== month || back.day !== day) {
    throw new RangeError(`No such date: ${date}`);
  }
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Outside the supported years ${MIN_YEAR}–${MAX_YEAR}: ${date}`);
  }
  return jdn;
}

function fromJdn(jdn: number): string {
  const { year, month, day } = partsFromJdn(jdn);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. */
const weekday = (jdn: number) => (((jdn + 1) % 7) + 7) % 7;

// ---------------------------------------------------------------------------------------------
// Astronomy

const RAD = Math.PI / 180;
const sin = (deg: number) => Math.sin(deg * RAD);
const norm360 = (deg: number) => ((deg % 360) + 360) % 360;

/** ΔT = TT − UT in seconds (Espenak & Meeus polynomials), for a decimal year. */
function deltaTSeconds(year: number): number {
  if (year < 1900) {
    const t = year - 1860;
    return (
      7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174
    );
  }
  if (year < 1920) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year < 1941) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year < 1961) {
    const t = year - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year < 1986) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year < 2005) {
    const t = year - 2000;
    return (
      63.86 +
      0.3345 * t -
      0.060374 * t ** 2 +
      0.0017275 * t ** 3 +
      0.000651814 * t ** 4 +
      0.00002373599 * t ** 5
    );
  }
  if (year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  if (year < 2150) {
    return -20 + 32 * ((year - 1820) / 100) ** 2 - 0.5628 * (2150 - year);
  }
  return -20 + 32 * ((year - 1820) / 100) ** 2;
}

const deltaTDays = (jd: number) => deltaTSeconds(2000 + (jd - 2451545) / 365.25) / 86400;

/** Instant (Julian date, UT) of the new moon of lunation `k` (k = 0 near 2000-01-06), Meeus ch. 49. */
export function newMoonUT(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;
  let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  const M = 2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3;
  const Mp = 201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4;
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4;
  const Om = 124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3;
  jde +=
    -0.4072 * sin(Mp) +
    0.17241 * E * sin(M) +
    0.01608 * sin(2 * Mp) +
    0.01039 * sin(2 * F) +
    0.00739 * E * sin(Mp - M) -
    0.00514 * E * sin(Mp + M) +
    0.00208 * E * E * sin(2 * M) -
    0.00111 * sin(Mp - 2 * F) -
    0.00057 * sin(Mp + 2 * F) +
    0.00056 * E * sin(2 * Mp + M) -
    0.00042 * sin(3 * Mp) +
    0.00042 * E * sin(M + 2 * F) +
    0.00038 * E * sin(M - 2 * F) -
    0.00024 * E * sin(2 * Mp - M) -
    0.00017 * sin(Om) -
    0.00007 * sin(Mp + 2 * M) +
    0.00004 * sin(2 * Mp - 2 * F) +
    0.00004 * sin(3 * M) +
    0.00003 * sin(Mp + M - 2 * F) +
    0.00003 * sin(2 * Mp + 2 * F) -
    0.00003 * sin(Mp + M + 2 * F) +
    0.00003 * sin(Mp - M + 2 * F) -
    0.00002 * sin(Mp - M - 2 * F) -
    0.00002 * sin(3 * Mp + M) +
    0.00002 * sin(4 * Mp);
  const planetary: [number, number, number][] = [
    [0.000325, 299.77, 0.107408],
    [0.000165, 251.88, 0.016321],
    [0.000164, 251.83, 26.651886],
    [0.000126, 349.42, 36.412478],
    [0.00011, 84.66, 18.206239],
    [0.000062, 141.74, 53.303771],
    [0.00006, 207.14, 2.453732],
    [0.000056, 154.84, 7.30686],
    [0.000047, 34.52, 27.261239],
    [0.000042, 207.19, 0.121824],
    [0.00004, 291.34, 1.844379],
    [0.000037, 161.72, 24.198154],
    [0.000035, 239.56, 25.513099],
    [0.000023, 331.55, 3.592518],
  ];
  for (const [i, [coefficient, base, rate]] of planetary.entries()) {
    const argument = base + rate * k + (i === 0 ? -0.009173 * T2 : 0);
    jde += coefficient * sin(argument);
  }
  return jde - deltaTDays(jde);
}

/** The Sun's apparent geocentric longitude in degrees at an instant (Julian date, UT), Meeus ch. 25. */
export function sunLongitude(jdUT: number): number {
  const T = (jdUT + deltaTDays(jdUT) - 2451545) / 36525;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
  const M = 357.52911 + 35999.05029 * T - 0.0001537 * T * T;
  const C =
    (1.914602 - 0.004817 * T - 0.000014 * T * T) * sin(M) +
    (0.019993 - 0.000101 * T) * sin(2 * M) +
    0.000289 * sin(3 * M);
  const omega = 125.04 - 1934.136 * T;
  return norm360(L0 + C - 0.00569 - 0.00478 * sin(omega));
}

// ---------------------------------------------------------------------------------------------
// The lunisolar calendar

/** Time zone of the calendar in hours: 7 for Vietnam (the default), 8 gives the Chinese calendar. */
type Zone = number;

/** Local calendar day (JDN) of an instant in UT. */
const localDay = (jdUT: number, zone: Zone) => Math.floor(jdUT + 0.5 + zone / 24);
/** The instant (UT) of the local midnight that starts day `jdn`. */
const localMidnight = (jdn: number, zone: Zone) => jdn - 0.5 - zone / 24;

const SYNODIC_MONTH = 29.530588861;
const newMoonDay = (k: number, zone: Zone) => localDay(newMoonUT(k), zone);

/** The lunation whose month contains local day `jdn`. */
function lunationContaining(jdn: number, zone: Zone): number {
  let k = Math.floor((jdn - 2451550.1) / SYNODIC_MONTH);
  while (newMoonDay(k + 1, zone) <= jdn) k++;
  while (newMoonDay(k, zone) > jdn) k--;
  return k;
}

/** Local day of the December solstice of `year`. */
function winterSolsticeDay(year: number, zone: Zone): number {
  let jd = jdnFromParts(year, 12, 21);
  for (let i = 0; i < 6; i++) {
    const diff = ((270 - sunLongitude(jd) + 540) % 360) - 180;
    jd += (diff / 360) * 365.2422;
  }
  return localDay(jd, zone);
}

/** Index (0–11) of the last major solar term passed at the local midnight starting day `jdn`. */
const majorTermAt = (jdn: number, zone: Zone) => Math.floor(sunLongitude(localMidnight(jdn, zone)) / 30);

type LunarMonth = { month: number; leap: boolean; start: number; length: number };

/**
 * The months from month 11 of lunar year `year − 1` up to (not including) month 11 of lunar year
 * `year`: 12 or 13 months, the first two (11, 12, and a leap one among them) belong to `year − 1`.
 */
function monthsBetweenSolstices(year: number, zone: Zone): LunarMonth[] {
  const first = lunationContaining(winterSolsticeDay(year - 1, zone), zone);
  const last = lunationContaining(winterSolsticeDay(year, zone), zone);
  const count = last - first;
  const starts = Array.from({ length: count + 1 }, (_, i) => newMoonDay(first + i, zone));
  let leapAt = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      if (majorTermAt(starts[i]!, zone) === majorTermAt(starts[i + 1]!, zone)) {
        leapAt = i;
        break;
      }
    }
  }
  const months: LunarMonth[] = [];
  for (let i = 0; i < count; i++) {
    const position = leapAt !== -1 && i >= leapAt ? i - 1 : i;
    months.push({
      month: ((10 + position) % 12) + 1,
      leap: i === leapAt,
      start: starts[i]!,
      length: starts[i + 1]! - starts[i]!,
    });
  }
  return months;
}

const yearCache = new Map<string, LunarMonth[]>();
function lunarMonths(year: number, zone: Zone): LunarMonth[] {
  const key = `${zone}:${year}`;
  let months = yearCache.get(key);
  if (!months) {
    months = monthsBetweenSolstices(year, zone);
    yearCache.set(key, months);
  }
  return months;
}

export type LunarDate = { year: number; month: number; day: number; leap: boolean };

/** The lunar date of a Gregorian date; `zone` 7 (Vietnam) unless given. */
export function solarToLunar(date: string, zone: Zone = 7): LunarDate {
  const jdn = toJdn(date);
  const { year } = partsFromJdn(jdn);
  const windowYear = jdn >= lunarMonths(year + 1, zone)[0]!.start ? year + 1 : year;
  const months = lunarMonths(windowYear, zone);
  let found = months[0]!;
  for (const m of months) if (m.start <= jdn) found = m;
  return {
    year: found.month >= 11 ? windowYear - 1 : windowYear,
    month: found.month,
    day: jdn - found.start + 1,
    leap: found.leap,
  };
}

/** The Gregorian date of a lunar date; throws if that lunar date does not exist. */
export function lunarToSolar(lunar: LunarDate, zone: Zone = 7): string {
  const { year, month, day, leap } = lunar;
  const months = lunarMonths(month >= 11 ? year + 1 : year, zone);
  const found = months.find((m) => m.month === month && m.leap === leap);
  if (!found || !Number.isInteger(day) || day < 1 || day > found.length) {
    throw new RangeError(`No such lunar date: ${day}/${month}${leap ? ' (leap)' : ''}/${year}`);
  }
  return fromJdn(found.start + day - 1);
}

/** The first day of lunar year `year` (Tết Nguyên đán), a Gregorian date in January or February. */
export function lunarNewYear(year: number, zone: Zone = 7): string {
  return lunarToSolar({ year, month: 1, day: 1, leap: false }, zone);
}

// ---------------------------------------------------------------------------------------------
// Working days

type Holiday = Bilingual;

export type WorkingCalendarOptions = {
  /** Days off added by decision: substitute days (Art. 112(3)), swapped days, one-off holidays. */
  extraHolidays?: (string | ({ date: string } & Bilingual))[];
  /** Days made working by decision (a Saturday worked in exchange for a swapped day). */
  extraWorkingDays?: string[];
  /**
   * The day beside 2 Sep, which the government picks each year: 1 (default) or 3 September, or a
   * per-year map with a default.
   */
  nationalDaySecondDay?: 1 | 3 | { default: 1 | 3; byYear: Record<number, 1 | 3> };
};

export type LegalClockInput = {
  /** When the complete dossier was received. */
  receivedAt: Date;
  /** The procedure's processing time in working days. */
  workingDays: number;
  /**
   * Spans in which the clock stands still (a supplement requested). The day the pause starts still
   * counts; counting resumes on the working day after `to` (as after a receipt). An open pause (`to`
   * null) is taken to end at `asOf` (or where it starts, if `asOf` is earlier): the due date if the
   * clock resumed then.
   */
  pauses: { from: Date; to: Date | null }[];
  /** Working days added by an extension. */
  extensionDays?: number;
  /**
   * The procedure lets the clock start on the day of receipt when the dossier arrives on a working
   * day before the cut-off (Hanoi time, `HH:MM`, default 15:00). Otherwise it starts the next
   * working day.
   */
  sameDayStart?: boolean;
  cutoff?: string;
  /** The end of open pauses: the platform clock's now. Defaults to the present instant. */
  asOf?: Date;
};

export type WorkingCalendar = {
  /** Dates are calendar dates in Hanoi (UTC+7), `YYYY-MM-DD`. */
  isWorkingDay(date: string): boolean;
  holiday(date: string): Holiday | null;
  /** The date `days` (≥ 0) working days after `date`; 0 gives `date` itself. */
  addWorkingDays(date: string, days: number): string;
  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number;
  /** Due date of a legal clock; see LegalClockInput. */
  dueDate(input: LegalClockInput): string;
  /** The holidays of a Gregorian year, by date. */
  holidays(year: number): { date: string; vi: string; en: string }[];
};

const HANOI_OFFSET_MS = 7 * 3600_000;
/** The Hanoi calendar date of an instant, whatever the server's time zone. */
const hanoiDate = (instant: Date) => new Date(instant.getTime() + HANOI_OFFSET_MS).toISOString().slice(0, 10);
/** Minutes since Hanoi midnight of an instant. */
const hanoiMinutes = (instant: Date) => {
  const shifted = new Date(instant.getTime() + HANOI_OFFSET_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
};

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function lawHolidays(year: number, nationalDaySecond: 1 | 3): Map<number, Holiday> {
  const days = new Map<number, Holiday>();
  const put = (jdn: number, holiday: Holiday) => {
    const existing = days.get(jdn);
    days.set(
      jdn,
      existing ? { vi: `${existing.vi}; ${holiday.vi}`, en: `${existing.en}; ${holiday.en}` } : holiday,
    );
  };
  put(jdnFromParts(year, 1, 1), { vi: 'Tết Dương lịch', en: "New Year's Day" });
  const tet = toJdn(lunarNewYear(year));
  put(tet - 1, {
    vi: 'Tết Nguyên đán (ngày cuối năm âm lịch)',
    en: 'Lunar New Year (last day of the lunar year)',
  });
  for (let i = 0; i < 4; i++) {
    put(tet + i, {
      vi: `Tết Nguyên đán (mùng ${i + 1} tháng Giêng)`,
      en: `Lunar New Year (day ${i + 1} of the first lunar month)`,
    });
  }
  put(toJdn(lunarToSolar({ year, month: 3, day: 10, leap: false })), {
    vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    en: "Hùng Kings' Commemoration Day (10th of the 3rd lunar month)",
  });
  put(jdnFromParts(year, 4, 30), { vi: 'Ngày Chiến thắng (30/4)', en: 'Reunification Day (30 April)' });
  put(jdnFromParts(year, 5, 1), {
    vi: 'Ngày Quốc tế Lao động (1/5)',
    en: 'International Labour Day (1 May)',
  });
  put(jdnFromParts(year, 9, 2), { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' });
  put(jdnFromParts(year, 9, nationalDaySecond), {
    vi: `Quốc khánh (ngày liền kề, ${nationalDaySecond}/9)`,
    en: `National Day (adjacent day, ${nationalDaySecond} September)`,
  });
  return days;
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const extra = new Map<number, Holiday>();
  for (const entry of options.extraHolidays ?? []) {
    const { date, vi, en } =
      typeof entry === 'string'
        ? { date: entry, vi: 'Ngày nghỉ theo quyết định của Chính phủ', en: 'Day off by government decision' }
        : entry;
    extra.set(toJdn(date), { vi, en });
  }
  const working = new Set((options.extraWorkingDays ?? []).map(toJdn));
  const second = options.nationalDaySecondDay ?? 1;
  const secondDayOf = (year: number): 1 | 3 =>
    typeof second === 'number' ? second : (second.byYear[year] ?? second.default);

  const byYear = new Map<number, Map<number, Holiday>>();
  const holidaysOf = (year: number) => {
    let days = byYear.get(year);
    if (!days) {
      days = lawHolidays(year, secondDayOf(year));
      byYear.set(year, days);
    }
    return days;
  };
  const holidayAt = (jdn: number): Holiday | null =>
    extra.get(jdn) ?? holidaysOf(partsFromJdn(jdn).year).get(jdn) ?? null;
  const isWorking = (jdn: number) => {
    if (working.has(jdn)) return true;
    const day = weekday(jdn);
    return day !== 0 && day !== 6 && holidayAt(jdn) === null;
  };
  const checkDays = (days: number, what: string) => {
    if (!Number.isInteger(days) || days < 0)
      throw new RangeError(`${what} must be a whole number ≥ 0: ${days}`);
  };
  const addFrom = (jdn: number, days: number) => {
    let at = jdn;
    for (let left = days; left > 0; ) {
      at++;
      if (isWorking(at)) left--;
    }
    return at;
  };
  const between = (from: number, to: number): number => {
    if (to < from) return -between(to, from);
    let count = 0;
    for (let at = from + 1; at <= to; at++) if (isWorking(at)) count++;
    return count;
  };

  return {
    isWorkingDay: (date) => isWorking(toJdn(date)),
    holiday: (date) => holidayAt(toJdn(date)),
    addWorkingDays: (date, days) => {
      checkDays(days, 'days');
      return fromJdn(addFrom(toJdn(date), days));
    },
    workingDaysBetween: (from, to) => between(toJdn(from), toJdn(to)),
    holidays: (year) => {
      const all = new Map(holidaysOf(year));
      for (const [jdn, holiday] of extra) if (partsFromJdn(jdn).year === year) all.set(jdn, holiday);
      return [...all.entries()]
        .sort(([a], [b]) => a - b)
        .map(([jdn, holiday]) => ({ date: fromJdn(jdn), ...holiday }));
    },
    dueDate: (input) => {
      checkDays(input.workingDays, 'workingDays');
      const extension = input.extensionDays ?? 0;
      checkDays(extension, 'extensionDays');
      const cutoff = TIME.exec(input.cutoff ?? '15:00');
      if (!cutoff) throw new RangeError(`cutoff must be HH:MM: ${input.cutoff}`);
      const received = toJdn(hanoiDate(input.receivedAt));
      const asOf = input.asOf ?? new Date();
      // Paused days: (day the pause starts, day it ends], as Julian day numbers.
      const paused = input.pauses.map(({ from, to }) => {
        if (to && to.getTime() < from.getTime()) throw new RangeError('A pause ends before it starts');
        const end = to ?? (asOf.getTime() > from.getTime() ? asOf : from);
        return [toJdn(hanoiDate(from)), toJdn(hanoiDate(end))] as const;
      });
      const isPaused = (jdn: number) => paused.some(([from, to]) => jdn > from && jdn <= to);
      const counts = (jdn: number) => isWorking(jdn) && !isPaused(jdn);

      let left = input.workingDays + extension;
      const startsSameDay =
        input.sameDayStart === true &&
        isWorking(received) &&
        hanoiMinutes(input.receivedAt) < Number(cutoff[1]) * 60 + Number(cutoff[2]);
      let at = received;
      if (startsSameDay && left > 0 && counts(at)) left--;
      while (left > 0) {
        at++;
        if (counts(at)) left--;
      }
      return fromJdn(at);
    },
  };
}
