import type { ColumnType, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type {
  Contact,
  HostingKind,
  SecurityState,
  SharingLevel,
  UpdateFrequency,
} from './catalogue.schema.ts';

/** The catalogue's tables as Kysely sees them (schema `data`). */
type Json<T> = ColumnType<T, string, string>;

type EntryTable = {
  id: string;
  demo: boolean;
  current_version: number | null;
  created_at: Date;
};

export type ProposalState = 'proposed' | 'approved' | 'rejected';

type VersionTable = {
  entry_id: string;
  version: number;
  state: ProposalState;
  name_vi: string;
  name_en: string;
  owner_agency_id: string;
  legal_basis: string | null;
  description_vi: string;
  description_en: string | null;
  data_items: Json<string[]>;
  record_count: number | null;
  update_frequency: UpdateFrequency;
  sharing_level: SharingLevel;
  national_connections: Json<string[]>;
  security_level: number | null;
  security_state: SecurityState | null;
  security_authority: string | null;
  security_decision: string | null;
  hosting: HostingKind | null;
  contact: Json<Contact | null> | null;
  proposed_by: string;
  proposed_by_account: string | null;
  proposed_at: Date;
  reason: string;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
};

export type EntryRow = Selectable<EntryTable>;
export type VersionRow = Selectable<VersionTable>;
export type NewVersionRow = Insertable<VersionTable>;
export type VersionChanges = Omit<Updateable<VersionTable>, 'entry_id' | 'version'>;

export type CatalogueTables = {
  'data.catalogue_entries': EntryTable;
  'data.catalogue_versions': VersionTable;
};

export type CatalogueDb = Kysely<CatalogueTables>;
export type CatalogueTrx = Transaction<CatalogueTables>;
export type Executor = CatalogueDb | CatalogueTrx;
