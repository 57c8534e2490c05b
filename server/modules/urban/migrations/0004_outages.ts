import type { Migration } from '../../../platform/db/migrator.ts';

/**
 * Outage notices of the utilities (docs/smart-urban.md, "Outage notices"): planned and unplanned
 * electricity outages, clean-water outages and low pressure, by ward or commune. Never deleted: a
 * withdrawn notice is `cancelled`, so what residents were told stays on record.
 */
export const outagesMigration: Migration = {
  name: '0004_outages',
  sql: `
create table urban.outage_notices (
  id text primary key,
  service text not null check (service in ('electricity', 'water')),
  kind text not null check (kind in ('planned', 'unplanned', 'low_pressure')),
  unit_id text not null,
  area_vi text not null,
  area_en text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason_vi text not null,
  reason_en text not null,
  -- The utility that carries out the work (a company, not an org unit), e.g. EVN Hà Nội.
  utility text not null,
  -- The department answerable for the notice; its officials write it.
  agency_id text not null,
  status text not null default 'active' check (status in ('active', 'cancelled')),
  simulated boolean not null default false,
  created_by text,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  check (ends_at > starts_at),
  check (kind <> 'low_pressure' or service = 'water')
);
create index outage_notices_unit on urban.outage_notices (unit_id, ends_at) where status = 'active';
create index outage_notices_ends on urban.outage_notices (ends_at) where status = 'active';
`,
};
