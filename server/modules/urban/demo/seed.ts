import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import { type Actor, acrValues, CITY_UNIT_ID } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import type { RulesService } from '../alerts/rules.service.ts';
import type { ChangeFeed } from '../changes.ts';
import type { DevicesService } from '../devices/index.ts';
import { writeBatch } from '../ingest/writer.ts';
import type { OutagesService } from '../outages/index.ts';
import { FLOOD_THRESHOLD_M } from '../public/sensors.ts';
import { profileOf, readingOf, seededRng, simulatedKinds } from '../simulator/generators.ts';
import { expandTerm } from '../terms.ts';
import { demoOutages } from './outages.ts';
import { demoRules } from './rules.ts';
import { type DemoSite, demoSites } from './sites.ts';

/** One reading per device every 20 minutes over the last 24 hours: enough for charts, cheap to write. */
const STEP_MS = 20 * 60_000;
const HISTORY_MS = 24 * 3_600_000;
/** The simulator's default `--seed`: its live readings then continue the demo history of each device. */
const SIMULATOR_SEED = 1;

/**
 * The seed acts as a city administrator (the rules and notices services check roles) but is audited
 * as the system actor `seed:urban`.
 */
const seedActor: Actor = {
  principal: {
    kind: 'official',
    accountId: 'seed:urban',
    officialId: 'seed:urban',
    sessionId: 'seed:urban',
    username: 'seed:urban',
    fullName: 'Dữ liệu mẫu / Demo seed',
    acr: acrValues.officialMfa,
    memberships: [{ unitId: CITY_UNIT_ID, role: 'city_admin' }],
  },
  requestId: null,
  ip: null,
  system: 'seed:urban',
};

/** What the seed uses of the module's parts. */
export type DemoParts = {
  org: OrgService;
  devices: DevicesService;
  outages: OutagesService;
  changes: ChangeFeed;
  ensurePartitions: () => Promise<unknown>;
  drainAlerts: () => Promise<void>;
  rules: RulesService;
};
type DemoDeps = DemoParts & {
  // biome-ignore lint/suspicious/noExplicitAny: urban tables through raw SQL.
  db: Kysely<any>;
  database: Database;
  clock: Clock;
  log: Logger;
};

const kindOf = (site: DemoSite) => {
  const index = simulatedKinds.findIndex((kind) => kind.code === site.code);
  // The simulator's device i is of kind i mod K: the n-th device of kind k has index (n-1)·K + k.
  return { kind: simulatedKinds[index]!, index: (site.n - 1) * simulatedKinds.length + index };
};

/** The demo devices that exist and are simulated (created when missing; a real device's id is left alone). */
async function ensureFleet(deps: DemoDeps) {
  // Created side by side: each argon2 hash of a new secret takes tens of milliseconds on the thread pool.
  const devices = await Promise.all(
    demoSites.map(async (site) => {
      const { kind } = kindOf(site);
      const existing = await deps.devices.lookup(site.id);
      if (existing) return existing;
      await deps.devices.create(seedActor, {
        id: site.id,
        type: kind.type,
        domain: kind.domain,
        unitId: site.unitId,
        ownerAgencyId: site.ownerAgencyId,
        lon: site.lon,
        lat: site.lat,
        simulated: true,
      });
      return deps.devices.lookup(site.id);
    }),
  );
  const fleet: { site: DemoSite; entityId: string; entityType: string; index: number }[] = [];
  for (const [position, site] of demoSites.entries()) {
    const device = devices[position];
    if (!device?.simulated || device.status === 'retired') {
      deps.log.warn({ device: site.id }, 'demo device id held by a real or retired device; not seeded');
      continue;
    }
    fleet.push({
      site,
      entityId: device.entity_id,
      entityType: device.entity_type,
      index: kindOf(site).index,
    });
  }
  return fleet;
}

/** Names (and the flood threshold) are static properties, not readings: set once on the entity. */
async function ensureStaticAttrs(deps: DemoDeps, fleet: Awaited<ReturnType<typeof ensureFleet>>) {
  const stamp = deps.clock.now().toISOString();
  const property = (value: unknown, extra: object = {}) => ({
    type: 'Property',
    value,
    ...extra,
    createdAt: stamp,
    modifiedAt: stamp,
  });
  const name = expandTerm('name');
  await deps.db.transaction().execute(async (trx) => {
    for (const { site, entityId } of fleet) {
      const attrs: Record<string, unknown> = { [name]: property(site.name) };
      if (site.code === 'flood')
        attrs[expandTerm('alertThreshold')] = property(FLOOD_THRESHOLD_M, { unitCode: 'MTR' });
      // Only what is missing: an operator's later edit of a name or threshold is kept.
      await sql`update urban.entities set attrs = ${JSON.stringify(attrs)}::jsonb || attrs
        where id = ${entityId} and not (attrs ? ${name})`.execute(trx);
    }
  });
}

/** The last 24 hours on a 20-minute grid, through the ingestion's writer (readings and latest state). */
async function backfill(deps: DemoDeps, fleet: Awaited<ReturnType<typeof ensureFleet>>) {
  const now = deps.clock.now();
  const last = Math.floor(now.getTime() / STEP_MS) * STEP_MS;
  if (fleet.length === 0) return [];
  // Only the slots after each device's latest reading: a restart fills the gap and no more.
  const { rows } = await sql<{ entity_id: string; latest: Date | string }>`
    select entity_id, max(observed_at) as latest from urban.readings
    where entity_id in (${sql.join(fleet.map((device) => device.entityId))})
      and observed_at > ${new Date(last - HISTORY_MS)}::timestamptz
    group by entity_id`.execute(deps.db);
  const latest = new Map(rows.map((row) => [row.entity_id, new Date(row.latest).getTime()]));
  const accepted = fleet.map(({ site, entityId, entityType, index }) => {
    const { kind } = kindOf(site);
    const profile = profileOf(SIMULATOR_SEED, index);
    const readings = [];
    const after = latest.get(entityId) ?? Number.NEGATIVE_INFINITY;
    for (let at = last - HISTORY_MS; at <= last; at += STEP_MS) {
      if (at <= after) continue;
      // Seeded by device and slot: a slot written again gets the same values.
      const rng = seededRng((index * 1_000_003 + at / STEP_MS) >>> 0);
      const observedAt = new Date(at);
      for (const [attr, value] of Object.entries(readingOf(kind, profile, observedAt, rng)))
        readings.push({ attr: expandTerm(attr), observedAt, value });
    }
    return { entityId, entityType, simulated: true, readings };
  });
  if (accepted.every((device) => device.readings.length === 0)) return [];
  return writeBatch(deps.database, { accepted, dead: [], receivedAt: now });
}

async function ensureRules(deps: DemoDeps) {
  const existing = new Set((await deps.rules.list(seedActor)).items.map((rule) => rule.id));
  for (const rule of demoRules) if (!existing.has(rule.id!)) await deps.rules.create(seedActor, rule);
}

/** Fresh demo notices whenever none is still current or upcoming (the last set has ended). */
async function ensureOutages(deps: DemoDeps) {
  if (await deps.outages.hasLiveDemo()) return;
  for (const notice of demoOutages(deps.clock.now(), deps.clock.today()))
    await deps.outages.create(seedActor, notice, { simulated: true });
}

/**
 * The urban demo (docs/smart-urban.md, "Demo data"): 14 simulated devices, their last 24 hours of
 * readings, the default alert rules and outage notices. Idempotent; alerts the history raises are
 * evaluated before it returns.
 */
export async function seedUrbanDemo(context: PlatformContext, parts: DemoParts): Promise<void> {
  const { database, clock, log } = context;
  const deps: DemoDeps = { ...parts, db: database.db, database, clock, log };
  await deps.ensurePartitions();
  const fleet = await ensureFleet(deps);
  await ensureStaticAttrs(deps, fleet);
  await ensureRules(deps);
  await ensureOutages(deps);
  deps.changes.publish(await backfill(deps, fleet));
  await deps.drainAlerts();
}
