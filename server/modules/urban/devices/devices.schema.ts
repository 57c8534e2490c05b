import { z } from 'zod';

/** The device registry's shapes (docs/smart-urban.md, "Devices"): requests, responses and the CLI share them. */
export const deviceDomains = [
  'transport',
  'urban',
  'water',
  'electricity',
  'environment',
  'health',
  'education',
  'food-safety',
  'employment',
  'social-security',
] as const;
export type DeviceDomain = (typeof deviceDomains)[number];

export const deviceStatuses = ['active', 'maintenance', 'retired'] as const;
export type DeviceStatus = (typeof deviceStatuses)[number];

/** Same rule as the table's check: it is also the MQTT user name and a topic level. */
export const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;
/** An NGSI-LD entity type short name (a Smart Data Model such as `FloodMonitoring`). */
const ENTITY_TYPE = /^[A-Z][A-Za-z0-9]{1,63}$/;
const UNIT_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

export const deviceId = z.string().regex(DEVICE_ID, 'A-Z a-z 0-9 _ -, 3–64');

export const deviceInput = z
  .strictObject({
    id: deviceId,
    type: z.string().regex(ENTITY_TYPE, 'Smart Data Model type, e.g. FloodMonitoring'),
    domain: z.enum(deviceDomains),
    unitId: z.string().regex(UNIT_ID),
    ownerAgencyId: z.string().regex(UNIT_ID).optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    installedOn: z.iso.date().optional(),
    simulated: z.boolean().optional(),
  })
  .refine((input) => (input.lon === undefined) === (input.lat === undefined), {
    message: 'lon and lat go together',
    path: ['lat'],
  });
export type DeviceInput = z.infer<typeof deviceInput>;

export const device = z.object({
  id: z.string(),
  type: z.string(),
  domain: z.enum(deviceDomains),
  entityId: z.string(),
  entityType: z.string(),
  topic: z.string(),
  ownerAgencyId: z.string(),
  unitId: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  installedOn: z.string().nullable(),
  status: z.enum(deviceStatuses),
  simulated: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Device = z.infer<typeof device>;

export const deviceWithSecret = z.object({ device, secret: z.string() });

export const devicesQuery = z.strictObject({
  unitId: z.string().regex(UNIT_ID).optional(),
  domain: z.enum(deviceDomains).optional(),
  status: z.enum(deviceStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type DevicesQuery = z.infer<typeof devicesQuery>;

export const deviceList = z.object({ items: z.array(device), total: z.number() });
export const deviceParams = z.strictObject({ id: deviceId });
export const statusInput = z.strictObject({ status: z.enum(deviceStatuses) });
export const secretResponse = z.object({ id: z.string(), secret: z.string() });

/** `hanoi/<domain>/<deviceId>/attrs`: the only topic a device may publish to. */
export const topicOf = (domain: string, id: string) => `hanoi/${domain}/${id}/attrs`;
