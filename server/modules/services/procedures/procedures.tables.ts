import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { FormDefinition } from '../../../../shared/forms/form-rules.ts';
import type { Acr } from '../../../platform/auth/principal.ts';

/** The catalogue's tables as Kysely sees them (schema `services`). */
type Json<T> = ColumnType<T, string, string>;

type ProcedureTable = {
  code: string;
  name_vi: string;
  name_en: string;
  agency_level: 'city' | 'department' | 'commune';
  agency_ids: Json<string[]>;
  field_vi: string;
  field_en: string;
  legal_basis: Json<string[]>;
  processing_days: number;
  fee_vnd: number;
  online_level: 'full' | 'partial';
  required_documents: Json<{ vi: string; en: string }[]>;
  result_type: Json<{ vi: string; en: string }>;
  minimum_acr: Acr;
  notes_vi: string | null;
  notes_en: string | null;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
};

type FormTable = {
  procedure_code: string;
  version: number;
  status: 'draft' | 'published';
  definition: Json<FormDefinition>;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  published_at: Date | null;
  published_by: string | null;
};

export type ProcedureRow = Selectable<ProcedureTable>;
export type FormRow = Selectable<FormTable>;

export type ProceduresTables = {
  'services.procedures': ProcedureTable;
  'services.procedure_forms': FormTable;
};
export type ProceduresDb = Kysely<ProceduresTables>;
export type ProceduresTrx = Transaction<ProceduresTables>;
export type Executor = ProceduresDb | ProceduresTrx;
