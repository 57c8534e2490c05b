import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { Evidence, FrameworkTree, Provenance, UnitSet } from './dti.schema.ts';

/** The dti module's tables as Kysely sees them (schema `dti`). */
type Json<T> = ColumnType<T, string, string>;

type FrameworkTable = {
  id: string;
  code: string;
  year: number;
  unit_set: UnitSet;
  version: number;
  title_vi: string;
  title_en: string;
  tree: Json<FrameworkTree>;
  weights_are_placeholders: boolean;
  reference: boolean;
  based_on_id: string | null;
  note_vi: string | null;
  note_en: string | null;
  created_at: Date;
  created_by: string | null;
};

type CycleTable = {
  id: string;
  framework_id: string;
  framework_code: string;
  year: number;
  status: 'open' | 'finalised' | 'published';
  opened_at: Date;
  finalised_at: Date | null;
  published_at: Date | null;
};

type CycleUnitTable = {
  cycle_id: string;
  unit_id: string;
  unit_kind: string;
  peer_group: string;
  tags: Json<string[]>;
  status: 'draft' | 'submitted';
  submitted_at: Date | null;
};

export type EntryStatus = 'draft' | 'submitted' | 'accepted' | 'adjusted' | 'clarification';

type EntryTable = {
  cycle_id: string;
  unit_id: string;
  sub_index_code: string;
  value: number | null;
  evidence: Json<Evidence[]>;
  status: EntryStatus;
  appraised_value: number | null;
  reason: string | null;
  provenance: Json<Provenance | null>;
  updated_at: Date;
  updated_by: string | null;
};

type EvidenceFileTable = {
  file_id: string;
  cycle_id: string;
  unit_id: string;
  uploaded_at: Date;
  uploaded_by: string | null;
};

/** An appraiser the council assigned to a unit of a cycle (migration 0003_assignments). */
type AssignmentTable = {
  cycle_id: string;
  unit_id: string;
  official_id: string;
  assigned_at: Date;
  assigned_by: string | null;
};

export type DtiTables = {
  'dti.assignments': AssignmentTable;
  'dti.evidence_files': EvidenceFileTable;
  'dti.frameworks': FrameworkTable;
  'dti.cycles': CycleTable;
  'dti.cycle_units': CycleUnitTable;
  'dti.entries': EntryTable;
};
export type DtiDb = Kysely<DtiTables>;
export type DtiTrx = Transaction<DtiTables>;
export type FrameworkRow = Selectable<FrameworkTable>;
export type CycleRow = Selectable<CycleTable>;
export type CycleUnitRow = Selectable<CycleUnitTable>;
export type EntryRow = Selectable<EntryTable>;
