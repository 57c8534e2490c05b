import type { ColumnType, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type {
  Constraints,
  ItemStatus,
  ItemType,
  Sensitivity,
  VerificationClass,
} from './dictionary.schema.ts';

/** The dictionary's tables as Kysely sees them (schema `data`). */
type Json<T> = ColumnType<T, string, string>;

export type CodeListRow = {
  code: string;
  name_vi: string;
  name_en: string;
  description_vi: string | null;
  description_en: string | null;
  source_vi: string;
  source_en: string;
  dynamic: boolean;
};

export type CodeListValueRow = {
  list_code: string;
  value: string;
  label_vi: string;
  label_en: string;
  note_vi: string | null;
  note_en: string | null;
  position: number;
};

type ItemTable = {
  code: string;
  version: number;
  status: ItemStatus;
  name_vi: string;
  name_en: string;
  description_vi: string | null;
  description_en: string | null;
  type: ItemType;
  constraints: Json<Constraints>;
  code_list: string | null;
  sensitivity: Sensitivity;
  verification_class: VerificationClass;
  source: string | null;
  agency_id: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_by: string | null;
  submitted_by_account: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  approval_note: string | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
  deprecated_by: string | null;
  deprecated_at: Date | null;
  deprecation_reason: string | null;
  replaced_by: string | null;
};

export type ItemRow = Selectable<ItemTable>;
export type NewItemRow = Insertable<ItemTable>;
export type ItemChanges = Omit<Updateable<ItemTable>, 'code' | 'version'>;

type ReferenceRow = {
  id: ColumnType<boolean, boolean | undefined, never>;
  content_hash: string;
  loaded_at: Date;
};

export type DictionaryTables = {
  'data.code_lists': CodeListRow;
  'data.code_list_values': CodeListValueRow;
  'data.dictionary_items': ItemTable;
  'data.dictionary_reference': ReferenceRow;
};

export type DictionaryDb = Kysely<DictionaryTables>;
export type DictionaryTrx = Transaction<DictionaryTables>;
export type Executor = DictionaryDb | DictionaryTrx;
