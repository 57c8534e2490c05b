import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { DeviceDomain, DeviceStatus, DevicesQuery } from './devices.schema.ts';

export type DeviceRow = {
  id: string;
  domain: DeviceDomain;
  entity_id: string;
  entity_type: string;
  owner_agency_id: string;
  unit_id: string;
  lon: number | null;
  lat: number | null;
  installed_on: string | null;
  status: DeviceStatus;
  secret_hash: string;
  simulated: boolean;
  created_at: Date;
  updated_at: Date;
};

export type EntityRow = {
  id: string;
  type: string;
  attrs: Record<string, unknown>;
  location: unknown;
  lon: number | null;
  lat: number | null;
  simulated: boolean;
  created_at: Date;
  modified_at: Date;
};

type Tables = { 'urban.devices': DeviceRow; 'urban.entities': EntityRow };
export type DevicesDb = Kysely<Tables>;

/** All SQL of the device registry. */
export function createDevicesStore(database: Database) {
  const db = database.db as DevicesDb;
  return {
    db,
    device: (id: string, executor: DevicesDb | Transaction<Tables> = db) =>
      executor.selectFrom('urban.devices').selectAll().where('id', '=', id).executeTakeFirst(),

    devicesById: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('urban.devices').selectAll().where('id', 'in', ids).execute(),

    entityExists: async (trx: Transaction<Tables>, id: string) =>
      Boolean(await trx.selectFrom('urban.entities').select('id').where('id', '=', id).executeTakeFirst()),

    insertDevice: (trx: Transaction<Tables>, row: DeviceRow) =>
      trx.insertInto('urban.devices').values(row).execute(),

    insertEntity: (trx: Transaction<Tables>, row: EntityRow) =>
      trx
        .insertInto('urban.entities')
        .values({ ...row, attrs: JSON.stringify(row.attrs), location: JSON.stringify(row.location) } as never)
        .execute(),

    async list(query: DevicesQuery) {
      let select = db.selectFrom('urban.devices');
      if (query.unitId) select = select.where('unit_id', '=', query.unitId);
      if (query.domain) select = select.where('domain', '=', query.domain);
      if (query.status) select = select.where('status', '=', query.status);
      const [rows, total] = await Promise.all([
        select.selectAll().orderBy('id').limit(query.limit).offset(query.offset).execute(),
        select.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    update: (trx: Transaction<Tables>, id: string, values: Partial<DeviceRow>) =>
      trx
        .updateTable('urban.devices')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
  };
}

export type DevicesStore = ReturnType<typeof createDevicesStore>;
