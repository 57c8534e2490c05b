import { type Actor, systemActor } from '../../../platform/auth/principal.ts';
import { AppError } from '../../../platform/errors.ts';
import type { OrgService } from '../../org/index.ts';
import type { DevicesService } from '../devices/index.ts';
import { type Profile, profileOf, type SimulatedKind, simulatedKinds } from './generators.ts';

/** One connection per device (the embedded broker's ACL: a device publishes only its own topic). */
export const MAX_DEVICES = 1000;

export type SimulatedDevice = {
  id: string;
  kind: SimulatedKind;
  topic: string;
  secret: string;
  profile: Profile;
};

/** The kinds of the chosen domains (all when none is given); unknown domains are refused. */
export function kindsOf(domains: readonly string[] | undefined): SimulatedKind[] {
  if (!domains?.length) return [...simulatedKinds];
  const known = new Set<string>(simulatedKinds.map((kind) => kind.domain));
  const unknown = domains.filter((domain) => !known.has(domain));
  if (unknown.length)
    throw new AppError('validation_failed', {
      vi: `Lĩnh vực chưa có thiết bị mô phỏng: ${unknown.join(', ')} (có: ${[...known].join(', ')}).`,
      en: `No simulated devices for domain(s) ${unknown.join(', ')} (known: ${[...known].join(', ')}).`,
    });
  return simulatedKinds.filter((kind) => domains.includes(kind.domain));
}

/** A point near the centroid of a boundary's vertices, offset a little so devices of a ward do not overlap. */
function pointOf(geometry: unknown, index: number): { lon: number; lat: number } | null {
  const coordinates: number[][] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value) && typeof value[0] === 'number') coordinates.push(value as number[]);
    else if (Array.isArray(value)) for (const item of value) walk(item);
  };
  walk((geometry as { coordinates?: unknown } | null)?.coordinates);
  if (!coordinates.length) return null;
  const lon = coordinates.reduce((sum, c) => sum + c[0]!, 0) / coordinates.length;
  const lat = coordinates.reduce((sum, c) => sum + c[1]!, 0) / coordinates.length;
  const angle = index * 2.399963; // the golden angle spreads successive devices around the centre
  const radius = 0.0015 * Math.sqrt((index % 25) + 1);
  return {
    lon: Number((lon + radius * Math.cos(angle)).toFixed(6)),
    lat: Number((lat + radius * Math.sin(angle)).toFixed(6)),
  };
}

/**
 * Makes sure the run's N simulated devices exist and holds a fresh MQTT secret for each: new
 * devices through the registry (its secret is returned once), existing simulated ones by rotating
 * their secret. Device i is of kind i mod K (id `sim-<code>-<n>`) in ward or commune i mod 126.
 * A real (not simulated) device that already holds one of these ids is never touched.
 */
export async function ensureFleet(
  deps: { devices: DevicesService; org: OrgService },
  options: { devices: number; domains?: readonly string[]; seed: number; actor?: Actor },
): Promise<SimulatedDevice[]> {
  const actor = options.actor ?? systemActor('cli:simulate');
  const kinds = kindsOf(options.domains);
  const units = [
    ...(await deps.org.units({ kind: 'ward' })),
    ...(await deps.org.units({ kind: 'commune' })),
  ].sort((a, b) => a.id.localeCompare(b.id));
  if (!units.length)
    throw new AppError('unprocessable', {
      vi: 'Chưa có phường, xã trong danh mục đơn vị.',
      en: 'No wards or communes in the unit register.',
    });
  const boundaries = new Map(
    (await deps.org.boundaries()).features.map((feature) => [feature.id, feature.geometry]),
  );
  const fleet: SimulatedDevice[] = [];
  for (let index = 0; index < options.devices; index++) {
    const kind = kinds[index % kinds.length]!;
    const id = `sim-${kind.code}-${String(Math.floor(index / kinds.length) + 1).padStart(4, '0')}`;
    const unit = units[index % units.length]!;
    const existing = await deps.devices.lookup(id);
    let secret: string;
    let topic: string;
    if (existing) {
      if (!existing.simulated)
        throw new AppError('conflict', {
          vi: `Thiết bị ${id} là thiết bị thật, không dùng để mô phỏng.`,
          en: `Device ${id} is a real device; the simulator does not use it.`,
        });
      if (existing.status === 'retired') await deps.devices.setStatus(actor, id, 'active');
      secret = (await deps.devices.rotateSecret(actor, id)).secret;
      topic = (await deps.devices.get(actor, id)).topic;
    } else {
      const point = pointOf(boundaries.get(unit.id), index);
      const created = await deps.devices.create(actor, {
        id,
        type: kind.type,
        domain: kind.domain,
        unitId: unit.id,
        ...(point ?? {}),
        simulated: true,
      });
      secret = created.secret;
      topic = created.device.topic;
    }
    fleet.push({ id, kind, topic, secret, profile: profileOf(options.seed, index) });
  }
  return fleet;
}
