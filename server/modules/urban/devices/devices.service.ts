import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { type Actor, CITY_UNIT_ID, requireRole } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { OrgService } from '../../org/index.ts';
import { entityIdOf, expandTerm } from '../terms.ts';
import {
  type Device,
  type DeviceInput,
  type DeviceStatus,
  type DevicesQuery,
  deviceInput,
  topicOf,
} from './devices.schema.ts';
import type { DeviceRow, DevicesStore } from './devices.store.ts';

/** Units a device may be placed in, and units that may own one. */
const PLACE_KINDS = new Set(['ward', 'commune', 'department']);
const OWNER_KINDS = new Set(['city', 'department', 'agency', 'ward', 'commune']);
/** argon2 takes tens of milliseconds: a verified secret is trusted again for this long (reconnect storms). */
const VERIFIED_TTL_MS = 60_000;

const newSecret = () => randomBytes(24).toString('base64url');
const digest = (secret: string) => createHash('sha256').update(secret).digest();

export function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    type: row.entity_id.split(':')[2] ?? row.entity_type,
    domain: row.domain,
    entityId: row.entity_id,
    entityType: row.entity_type,
    topic: topicOf(row.domain, row.id),
    ownerAgencyId: row.owner_agency_id,
    unitId: row.unit_id,
    lon: row.lon,
    lat: row.lat,
    installedOn: row.installed_on,
    status: row.status,
    simulated: row.simulated,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const publicFields = (row: DeviceRow) => {
  const { secret_hash: _secret, ...rest } = row;
  return rest;
};

/**
 * The device registry: every device reports on one NGSI-LD entity, created with it in the same
 * transaction. The MQTT secret is returned once and kept only as an argon2 hash. Registry writes
 * need `ioc_operator` or `city_admin` held at the city (devices are city-wide).
 */
export function createDevicesService(deps: {
  store: DevicesStore;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
}) {
  const { store, audit, clock, org } = deps;
  const verified = new Map<string, { digest: Buffer; hash: string; until: number }>();

  const authorise = (actor: Actor) => {
    if (!actor.system) requireRole(actor.principal, ['ioc_operator', 'city_admin'], CITY_UNIT_ID);
  };

  async function requireDevice(id: string): Promise<DeviceRow> {
    const row = await store.device(id);
    if (!row) throw notFound({ vi: `thiết bị ${id}`, en: `Device ${id}` });
    return row;
  }

  async function unitOfKind(unitId: string, kinds: Set<string>, role: { vi: string; en: string }) {
    const today = clock.today();
    const unit = (await org.unitExists(unitId, today)) ? await org.unit(unitId) : null;
    if (!unit || !kinds.has(unit.kind)) {
      throw new AppError('unprocessable', {
        vi: `${role.vi} ${unitId} không có hoặc không phù hợp (cần ${[...kinds].join(', ')} đang hiệu lực).`,
        en: `${role.en} ${unitId} does not exist or does not fit (needs a current ${[...kinds].join(', ')}).`,
      });
    }
  }

  return {
    async create(actor: Actor, raw: DeviceInput): Promise<{ device: Device; secret: string }> {
      authorise(actor);
      const parsed = deviceInput.safeParse(raw);
      if (!parsed.success)
        throw new AppError(
          'validation_failed',
          { vi: 'Thông tin thiết bị không hợp lệ.', en: 'The device details are not valid.' },
          {
            fields: parsed.error.issues.map((issue) => ({
              path: issue.path.join('.'),
              message: { vi: issue.message, en: issue.message },
            })),
          },
        );
      const input = parsed.data;
      await unitOfKind(input.unitId, PLACE_KINDS, {
        vi: 'Phường, xã hoặc sở',
        en: 'Ward, commune or department',
      });
      const owner = input.ownerAgencyId ?? input.unitId;
      await unitOfKind(owner, OWNER_KINDS, { vi: 'Cơ quan chủ quản', en: 'Owner agency' });
      const secret = newSecret();
      const secretHash = await hash(secret);
      const now = clock.now();
      const entityId = entityIdOf(input.type, input.id);
      const row: DeviceRow = {
        id: input.id,
        domain: input.domain,
        entity_id: entityId,
        entity_type: expandTerm(input.type),
        owner_agency_id: owner,
        unit_id: input.unitId,
        lon: input.lon ?? null,
        lat: input.lat ?? null,
        installed_on: input.installedOn ?? null,
        status: 'active',
        secret_hash: secretHash,
        simulated: input.simulated ?? false,
        created_at: now,
        updated_at: now,
      };
      await store.db.transaction().execute(async (trx) => {
        if (await store.device(input.id, trx))
          throw new AppError('conflict', {
            vi: `Thiết bị ${input.id} đã có.`,
            en: `Device ${input.id} already exists.`,
          });
        if (await store.entityExists(trx, entityId))
          throw new AppError('conflict', {
            vi: `Thực thể ${entityId} đã có.`,
            en: `Entity ${entityId} already exists.`,
          });
        await store.insertDevice(trx, row);
        const point = input.lon === undefined ? null : { type: 'Point', coordinates: [input.lon, input.lat] };
        await store.insertEntity(trx, {
          id: entityId,
          type: row.entity_type,
          attrs: {},
          location: point,
          lon: row.lon,
          lat: row.lat,
          simulated: row.simulated,
          created_at: now,
          modified_at: now,
        });
        await audit.record(trx, {
          actor,
          action: 'urban.device.create',
          objectType: 'urban.device',
          objectId: row.id,
          after: publicFields(row),
          details: { entityId, unitId: row.unit_id, ownerAgencyId: owner },
        });
      });
      return { device: toDevice(row), secret };
    },

    async get(actor: Actor, id: string): Promise<Device> {
      authorise(actor);
      return toDevice(await requireDevice(id));
    },

    async list(actor: Actor, query: DevicesQuery) {
      authorise(actor);
      const { rows, total } = await store.list(query);
      return { items: rows.map(toDevice), total };
    },

    async setStatus(actor: Actor, id: string, status: DeviceStatus): Promise<Device> {
      authorise(actor);
      const before = await requireDevice(id);
      const row = await store.db.transaction().execute(async (trx) => {
        const updated = await store.update(trx, id, { status, updated_at: clock.now() });
        await audit.record(trx, {
          actor,
          action: 'urban.device.status',
          objectType: 'urban.device',
          objectId: id,
          before: { status: before.status },
          after: { status },
        });
        return updated;
      });
      verified.delete(id);
      return toDevice(row);
    },

    /** A new secret (shown once); the old one stops working at once, also for cached sign-ins. */
    async rotateSecret(actor: Actor, id: string): Promise<{ id: string; secret: string }> {
      authorise(actor);
      await requireDevice(id);
      const secret = newSecret();
      const secretHash = await hash(secret);
      await store.db.transaction().execute(async (trx) => {
        await store.update(trx, id, { secret_hash: secretHash, updated_at: clock.now() });
        await audit.record(trx, {
          actor,
          action: 'urban.device.rotate-secret',
          objectType: 'urban.device',
          objectId: id,
        });
      });
      verified.delete(id);
      return { id, secret };
    },

    /** The MQTT sign-in of a device: its row when the secret matches and it is not retired. */
    async authenticate(id: string, secret: string): Promise<DeviceRow | null> {
      const row = await store.device(id);
      if (!row || row.status === 'retired') return null;
      const cached = verified.get(id);
      const given = digest(secret);
      if (
        cached &&
        cached.hash === row.secret_hash &&
        cached.until > Date.now() &&
        timingSafeEqual(cached.digest, given)
      )
        return row;
      if (!(await verify(row.secret_hash, secret).catch(() => false))) return null;
      verified.set(id, { digest: given, hash: row.secret_hash, until: Date.now() + VERIFIED_TTL_MS });
      return row;
    },

    /** The registry row for the ingest worker (no authorisation: internal). */
    lookup: (id: string) => store.device(id),
    /** The registry rows of many devices in one query, for the ingest worker's batches. */
    lookupMany: (ids: string[]) => store.devicesById(ids),
  };
}

export type DevicesService = ReturnType<typeof createDevicesService>;
