import type { Transaction } from 'kysely';
import type { Actor, Principal } from '../../platform/auth/principal.ts';
import type { Bilingual } from '../../platform/errors.ts';
import type { ComputedSource } from '../../platform/kpi.ts';
import type { PeriodType } from '../../platform/period.ts';

/** The contract other modules (plan, the web app) build to; see docs/plan-monitoring.md. */
export type Direction = 'at_least' | 'at_most';
export type Aggregation = 'sum' | 'average' | 'last' | 'ratio';
export type ObservationStatus = 'draft' | 'submitted' | 'approved' | 'returned';

export const directions: Direction[] = ['at_least', 'at_most'];
export const aggregations: Aggregation[] = ['sum', 'average', 'last', 'ratio'];
export const observationStatuses: ObservationStatus[] = ['draft', 'submitted', 'approved', 'returned'];

export type Provenance =
  | { kind: 'manual'; by: { accountId: string; name: string }; at: string }
  | {
      kind: 'imported';
      by: { accountId: string; name: string };
      at: string;
      fileId: string;
      filename: string;
      sheet: string;
      row: number;
    }
  | { kind: 'computed'; source: string; query: string; at: string }
  /** Demo seed and reference loads. */
  | { kind: 'seed'; note: string; at: string };

export type Indicator = {
  code: string;
  nameVi: string;
  nameEn: string;
  descriptionVi: string | null;
  descriptionEn: string | null;
  unit: string;
  direction: Direction;
  aggregation: Aggregation;
  periodType: PeriodType;
  decimals: number;
  computedSource: string | null;
  example: boolean;
};

export type IndicatorInput = Omit<Indicator, 'example'> & { example?: boolean };

export type EvidenceRef = {
  id: string;
  fileId: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  description: string | null;
  uploadedAt: string;
};

export type Observation = {
  id: string;
  indicatorCode: string;
  period: string;
  agencyId: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ObservationStatus;
  comment: string | null;
  provenance: Provenance;
  example: boolean;
  demo: boolean;
  updatedAt: string;
  evidence: EvidenceRef[];
};

export type ObservationInput = {
  indicatorCode: string;
  period: string;
  agencyId: string;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  comment?: string | null;
  provenance?: Provenance;
  example?: boolean;
  demo?: boolean;
};

export type ObservationFilter = {
  indicatorCodes?: string[];
  agencyIds?: string[];
  periods?: string[];
  statuses?: ObservationStatus[];
  limit?: number;
};

export type SourceRun = {
  at: string;
  periods: string[];
  /** Beyond the contract's minimum: the query of the latest value written or confirmed, and the counts. */
  query: string | null;
  written: number;
  unchanged: number;
  error: string | null;
};

export type SourceInfo = {
  name: string;
  label: Bilingual;
  description: Bilingual;
  unit: string;
  scope: 'city' | 'agency';
  lastRun: SourceRun | null;
};

export type RecomputeResult = {
  written: number;
  unchanged: number;
  failed: { source: string; error: string }[];
};

/**
 * Approved values of an indicator rolled up to the city for one period: the city-level value
 * (agency `hanoi`) when there is one, else the indicator's aggregation over the agencies' values
 * — sum, average (`last` across agencies of one period is their average), or Σ numerators ÷
 * Σ denominators (`ratio`, × 100 for `%`). `agencies` counts the agencies' approved rows.
 */
export type RollupPoint = {
  indicatorCode: string;
  period: string;
  value: number | null;
  source: 'city' | 'aggregate';
  agencies: number;
  /** The city value's provenance kind, or the agencies' (`mixed` when they differ). */
  provenanceKind: Provenance['kind'] | 'mixed';
  example: boolean;
  demo: boolean;
  updatedAt: string;
  /** For a computed city value: the query and when it ran. */
  computedQuery: string | null;
  computedAt: string | null;
};

export type RollupRequest = {
  indicatorCode: string;
  /** The latest period to consider (of the indicator's own period type); without it, every period. */
  upTo?: string;
  /** The latest approved period (default), the first, or every one in order. */
  pick?: 'latest' | 'first' | 'all';
};

// biome-ignore lint/suspicious/noExplicitAny: the caller's transaction, whatever its module's tables.
type AnyTransaction = Transaction<any>;

export type MetricsService = {
  upsertIndicator(actor: Actor, input: IndicatorInput, trx?: AnyTransaction): Promise<Indicator>;
  /** Pass `trx` to read inside the caller's transaction (on PGlite nothing may run beside it). */
  indicator(code: string, trx?: AnyTransaction): Promise<Indicator | null>;
  indicators(): Promise<Indicator[]>;
  /**
   * Draft or returned → saved as draft; submitted/approved → 409 conflict (locked). The actor must
   * report for the agency (agency_reporter of it, or a plan owner) unless it is a system actor.
   * Pass `trx` to join the caller's transaction (then the caller vouches that the agency exists).
   */
  saveObservation(actor: Actor, input: ObservationInput, trx?: AnyTransaction): Promise<Observation>;
  /** Moves the matching observations to `to` (submissions: submitted, approved, returned; draft on reopen). */
  setStatus(
    trx: AnyTransaction,
    actor: Actor,
    match: { agencyId: string; period: string; indicatorCodes: string[] },
    to: ObservationStatus,
    reason?: string,
  ): Promise<number>;
  /**
   * Approved values rolled up per period (see `RollupPoint`), read from the rollups metrics keeps
   * as approved values change: answer `i` holds request `i`'s points, oldest period first (none
   * for an unknown indicator or one without approved values in range).
   */
  rollup(requests: RollupRequest[]): Promise<RollupPoint[][]>;
  /**
   * Which of the agencies have entered a value (any status) for which indicators in a period:
   * for progress counts, never the values themselves.
   */
  enteredValues(match: {
    period: string;
    indicatorCodes: string[];
    agencyIds: string[];
  }): Promise<{ agencyId: string; indicatorCode: string }[]>;
  /** Anonymous and citizens see approved values; an agency's reporters and reviewers also its drafts; plan owners all. */
  observations(viewer: Principal, filter: ObservationFilter): Promise<Observation[]>;
  attachEvidence(
    actor: Actor,
    observationId: string,
    file: { filename: string; bytes: Buffer; description?: string | null },
  ): Promise<EvidenceRef>;
  evidenceContent(
    viewer: Principal,
    evidenceId: string,
  ): Promise<{ filename: string; mediaType: string; content: Buffer } | null>;
  registerSource(source: ComputedSource): void;
  /** The registered sources with their last run as this process last read or made it (see `refreshRuns`). */
  sources(): SourceInfo[];
  /** Re-reads the last run of every source from the database (runs made by other instances). */
  refreshRuns(): Promise<void>;
  recompute(options?: { source?: string; periods?: string[] }): Promise<RecomputeResult>;
};
