import { type Acr, acrValues } from '../../platform/auth/principal.ts';
import type { Bilingual } from '../../platform/errors.ts';

/**
 * Assurance levels of the city's sign-on. acr values form two families: VNeID (citizens, level 1
 * or 2) and officials (password plus one-time code). A request names a minimum: a value is met
 * by the same family at the same or a higher level, never by another family.
 */
type AcrRank = { family: 'vneid' | 'official'; level: number };

const ranks: Record<Acr, AcrRank> = {
  [acrValues.vneidLevel1]: { family: 'vneid', level: 1 },
  [acrValues.vneidLevel2]: { family: 'vneid', level: 2 },
  [acrValues.officialMfa]: { family: 'official', level: 2 },
};

export const acrLabels: Record<Acr, Bilingual> = {
  [acrValues.vneidLevel1]: { vi: 'VNeID mức 1', en: 'VNeID level 1' },
  [acrValues.vneidLevel2]: { vi: 'VNeID mức 2', en: 'VNeID level 2' },
  [acrValues.officialMfa]: {
    vi: 'Cán bộ — mật khẩu và mã xác thực một lần',
    en: 'Official — password and one-time code',
  },
};

export const isAcr = (value: unknown): value is Acr =>
  typeof value === 'string' && Object.hasOwn(ranks, value);

/** The known acr values in an `acr_values` parameter (space-separated); unknown ones are ignored. */
export function requestedAcrs(acrValuesParam: unknown): Acr[] {
  if (typeof acrValuesParam !== 'string') return [];
  return acrValuesParam.split(' ').filter(isAcr);
}

/** Does an achieved acr meet the requested minimum? */
export function meets(achieved: unknown, required: Acr): boolean {
  if (!isAcr(achieved)) return false;
  const a = ranks[achieved];
  const r = ranks[required];
  return a.family === r.family && a.level >= r.level;
}

/** Met when no (known) value was requested, or when any requested value is met. */
export function meetsAny(achieved: unknown, required: Acr[]): boolean {
  return required.length === 0 || required.some((acr) => meets(achieved, acr));
}

/** The VNeID level a request needs at least (1 when it asks none), or null when it excludes VNeID. */
export function requiredVneidLevel(required: Acr[]): 1 | 2 | null {
  if (required.length === 0) return 1;
  const levels = required.filter((acr) => ranks[acr].family === 'vneid').map((acr) => ranks[acr].level);
  if (levels.length === 0) return null;
  return Math.min(...levels) >= 2 ? 2 : 1;
}

/** May an official's password-and-code sign-in answer this request? */
export const allowsOfficial = (required: Acr[]) => meetsAny(acrValues.officialMfa, required);

export const vneidAcr = (level: 1 | 2): Acr => (level === 2 ? acrValues.vneidLevel2 : acrValues.vneidLevel1);

export const acrLabel = (acr: string): Bilingual =>
  isAcr(acr) ? acrLabels[acr] : { vi: 'Không xác định', en: 'Unknown' };
