import type { Bilingual } from './errors.ts';
import type { Period } from './period.ts';

/**
 * A key performance figure a module can compute from its own tables. Modules export their
 * sources from their index.ts; the composition root registers them with the metrics module,
 * which stores each result as an observation whose provenance is the query that produced it.
 */
export type ComputedValue = {
  /** null when there is nothing to measure yet (e.g. a denominator of zero). */
  value: number | null;
  numerator?: number;
  denominator?: number;
  /** The SQL (or a precise description) that produced the figures, shown as provenance. */
  query: string;
  /** True when the inputs are demo or synthetic data; shown as such wherever the value appears. */
  demo: boolean;
  note?: Bilingual;
};

export type ComputedSource = {
  /** Stable name, `<module>.<what>`: `identity.citizens_unified_sign_in_share`. */
  name: string;
  label: Bilingual;
  description: Bilingual;
  unit: '%' | 'count' | 'ratio' | 'minutes' | 'hours' | 'days';
  /** `city`: one value for the whole city; `agency`: one per agency the source lists. */
  scope: 'city' | 'agency';
  agencies?: () => Promise<string[]>;
  compute(period: Period, agencyId: string | null): Promise<ComputedValue>;
};
