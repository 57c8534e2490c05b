/** Date arithmetic on ISO dates (YYYY-MM-DD), in UTC so results never depend on the machine's zone. */
const parse = (iso: string) => new Date(`${iso}T00:00:00Z`);
const format = (date: Date) => date.toISOString().slice(0, 10);

export const yearOf = (iso: string) => Number(iso.slice(0, 4));

export function addDays(iso: string, days: number): string {
  const date = parse(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return format(date);
}

/** Same month and day `years` later; 29 Feb becomes 28 Feb in a common year. */
export function addYears(iso: string, years: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const target = year + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  const safeDay = month === 2 && day === 29 && !leap ? 28 : day;
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(safeDay).padStart(2, '0')}`;
}

export const daysBetween = (from: string, to: string) =>
  Math.round((parse(to).getTime() - parse(from).getTime()) / 86_400_000);

/** Completed years of age on `on`. */
export function ageOn(dateOfBirth: string, on: string): number {
  const years = yearOf(on) - yearOf(dateOfBirth);
  return on.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}
