import type { Migration } from '../../../platform/db/migrator.ts';

export const dtiAssignments: Migration = {
  name: '0003_assignments',
  sql: `-- Which appraisers the council assigned to a unit of a cycle (docs/dti.md, "Who may do what").
-- A unit with no row here is in the shared pool of every index_appraiser.
create table dti.assignments (
  cycle_id uuid not null,
  unit_id text not null,
  official_id text not null,
  assigned_at timestamptz not null,
  assigned_by text,
  primary key (cycle_id, unit_id, official_id),
  foreign key (cycle_id, unit_id) references dti.cycle_units (cycle_id, unit_id)
);
create index assignments_official on dti.assignments (official_id, cycle_id);
`,
};
