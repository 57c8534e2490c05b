import { acrValues } from '../../platform/auth/principal.ts';
import type { ComputedSource } from '../../platform/kpi.ts';
import type { Period } from '../../platform/period.ts';
import type { OrgService } from '../org/index.ts';
import type { PopulationService } from '../population/index.ts';
import type { IdentityStore } from './identity.store.ts';

/**
 * The plan's KPIs that the sign-on measures (docs/plan-monitoring.md, "KPIs measured by the
 * platform"): G05, residents who signed in through the unified identity (VNeID), and G09,
 * officials with a digital identity. Each answer carries the SQL that produced it.
 */
export const CITIZENS_UNIFIED_SIGN_IN_SHARE = 'identity.citizens_unified_sign_in_share';
export const OFFICIALS_DIGITAL_IDENTITY_SHARE = 'identity.officials_digital_identity_share';

/** Age from which a resident holds a chip-based ID card and may use VNeID level 2 (Law on Identification 2023). */
const MIN_AGE = 14;
const VNEID_ACRS = [acrValues.vneidLevel1, acrValues.vneidLevel2];

const hanoiMidnight = (date: string) => new Date(`${date}T00:00:00+07:00`);
/** The last calendar day of a period (its `end` is exclusive). */
const lastDayOf = (period: Period) =>
  new Date(Date.parse(`${period.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** An instant as Hanoi local time: `2026-10-01T00:00:00+07:00`. */
const inHanoi = (instant: Date) =>
  `${new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;

/** One statement as provenance: what it counts, the SQL, and its parameters — never personal data. */
function statement(title: string, sql: string, parameters: readonly unknown[]): string {
  const shown = parameters.map((value, i) => {
    const text = Array.isArray(value)
      ? `[${value.length} số định danh từ bước 1 / personal ids from step 1]`
      : value instanceof Date
        ? inHanoi(value)
        : JSON.stringify(value);
    return `$${i + 1} = ${text}`;
  });
  return `-- ${title}\n${sql};\n-- ${shown.join(', ') || 'không tham số / no parameters'}`;
}

const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : null);

export function identityKpiSources(deps: {
  store: IdentityStore;
  org: Pick<OrgService, 'officialCounts'>;
  population: Pick<PopulationService, 'countResidentsAged'>;
}): ComputedSource[] {
  const { store, org, population } = deps;

  const citizens: ComputedSource = {
    name: CITIZENS_UNIFIED_SIGN_IN_SHARE,
    label: {
      vi: 'Tỷ lệ người dân đăng nhập bằng định danh hợp nhất (VNeID)',
      en: 'Share of residents who signed in with the unified identity (VNeID)',
    },
    description: {
      vi: `Cư dân từ ${MIN_AGE} tuổi đã đăng nhập qua VNeID trong kỳ ÷ cư dân từ ${MIN_AGE} tuổi trong cơ sở dữ liệu dân cư (tuổi tính đến ngày cuối kỳ).`,
      en: `Residents aged ${MIN_AGE}+ who signed in through VNeID in the period ÷ residents aged ${MIN_AGE}+ in the population registry (age on the last day of the period).`,
    },
    unit: '%',
    scope: 'city',
    async compute(period) {
      const at = lastDayOf(period);
      const signedIn = await store.citizensSignedIn(
        hanoiMidnight(period.start),
        hanoiMidnight(period.end),
        VNEID_ACRS,
      );
      const counted = await population.countResidentsAged(MIN_AGE, at, signedIn.personalIds);
      const registry = await population.countResidentsAged(MIN_AGE, at);
      const demo = registry.synthetic > 0;
      return {
        value: share(counted.residents, registry.residents),
        numerator: counted.residents,
        denominator: registry.residents,
        demo,
        query: [
          statement(
            'Tử số, bước 1 (identity): công dân đăng nhập qua VNeID trong kỳ / Numerator, step 1: citizens who signed in through VNeID in the period',
            signedIn.sql,
            signedIn.parameters,
          ),
          statement(
            `Tử số, bước 2 (population): những người đó có trong sổ dân cư, từ ${MIN_AGE} tuổi / Numerator, step 2: those in the registry, aged ${MIN_AGE}+`,
            counted.sql,
            counted.parameters,
          ),
          statement(
            `Mẫu số (population): cư dân từ ${MIN_AGE} tuổi / Denominator: residents aged ${MIN_AGE}+`,
            registry.sql,
            registry.parameters,
          ),
        ].join('\n\n'),
        ...(demo
          ? {
              note: {
                vi: 'Sổ dân cư là dữ liệu mô phỏng; tỷ lệ chỉ để minh họa.',
                en: 'The population registry is synthetic; the share is for demonstration.',
              },
            }
          : {}),
      };
    },
  };

  const officials: ComputedSource = {
    name: OFFICIALS_DIGITAL_IDENTITY_SHARE,
    label: {
      vi: 'Tỷ lệ cán bộ có định danh số (đăng nhập hai yếu tố)',
      en: 'Share of officials with a digital identity (two-factor sign-in)',
    },
    description: {
      vi: 'Cán bộ có tài khoản đang hoạt động đã đăng nhập bằng yếu tố thứ hai ít nhất một lần đến hết kỳ ÷ toàn bộ cán bộ trong danh sách cán bộ.',
      en: 'Officials with an active account who signed in with the second factor at least once by the end of the period ÷ all officials in the register.',
    },
    unit: '%',
    scope: 'city',
    async compute(period) {
      const end = hanoiMidnight(period.end);
      const signedIn = await store.officialsSignedInWith(acrValues.officialMfa, end);
      const register = await org.officialCounts(end);
      const demo = register.demo > 0;
      return {
        value: share(signedIn.officials, register.total),
        numerator: signedIn.officials,
        denominator: register.total,
        demo,
        query: [
          statement(
            'Tử số (identity): tài khoản cán bộ đã đăng nhập hai yếu tố / Numerator: official accounts that signed in with two factors',
            signedIn.sql,
            signedIn.parameters,
          ),
          statement(
            'Mẫu số (org): cán bộ trong danh sách (và số cán bộ minh họa) / Denominator: officials in the register (and how many are demo)',
            register.sql,
            register.parameters,
          ),
        ].join('\n\n'),
        ...(demo
          ? {
              note: {
                vi: `Gồm ${register.demo} cán bộ minh họa.`,
                en: `Includes ${register.demo} demo officials.`,
              },
            }
          : {}),
      };
    },
  };

  return [citizens, officials];
}
