import type { Migration } from '../../../platform/db/migrator.ts';

export const dtiEvidenceFiles: Migration = {
  name: '0002_evidence_files',
  sql: `-- Evidence files (in the platform file store) and the unit they were uploaded for.
create table dti.evidence_files (
  file_id text primary key,
  cycle_id uuid not null,
  unit_id text not null,
  uploaded_at timestamptz not null,
  uploaded_by text,
  foreign key (cycle_id, unit_id) references dti.cycle_units (cycle_id, unit_id)
);
`,
};
