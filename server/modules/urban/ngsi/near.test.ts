import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../../test/support/platform.ts';
import { EARTH_RADIUS_M, haversineMetres, roundCoordinate } from './geo.ts';
import { createNgsiHarness, type NgsiHarness } from './ngsi.test-support.ts';

/**
 * `near;maxDistance` (a bounding box in SQL, then haversine in SQL) returns exactly the entities a
 * brute-force haversine filter keeps, wherever on Earth — poles and the antimeridian included.
 */
let h: NgsiHarness;
beforeAll(async () => {
  h = await createNgsiHarness(await createTestPlatform());
});
afterAll(() => h?.close());

const wrapLon = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;
const rad = Math.PI / 180;

/** The point `metres` away from (lon, lat) along `bearing` degrees, on the sphere of the API. */
function destination(lon: number, lat: number, bearing: number, metres: number): [number, number] {
  const angular = metres / EARTH_RADIUS_M;
  const lat2 = Math.asin(
    Math.sin(lat * rad) * Math.cos(angular) +
      Math.cos(lat * rad) * Math.sin(angular) * Math.cos(bearing * rad),
  );
  const lon2 =
    lon * rad +
    Math.atan2(
      Math.sin(bearing * rad) * Math.sin(angular) * Math.cos(lat * rad),
      Math.cos(angular) - Math.sin(lat * rad) * Math.sin(lat2),
    );
  return [wrapLon(lon2 / rad), lat2 / rad];
}

describe('near;maxDistance', () => {
  it('equals a brute-force haversine filter over random entities', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // Micro-degrees: fast-check's doubles favour 0 and the extremes, where boxes are trivial.
          lon: fc.integer({ min: -180_000_000, max: 180_000_000 }).map((micro) => micro / 1e6),
          lat: fc.integer({ min: -90_000_000, max: 90_000_000 }).map((micro) => micro / 1e6),
          distance: fc.integer({ min: 0, max: 2_000_000 }),
          // Each entity: a bearing and a distance as a share of the query's (0–2: inside and outside).
          offsets: fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: 359_999 }).map((milli) => milli / 1000),
              fc.integer({ min: 0, max: 20_000 }).map((n) => n / 10_000),
            ),
            {
              minLength: 1,
              maxLength: 40,
            },
          ),
        }),
        async (input) => {
          let { lon, lat } = input;
          const { distance, offsets } = input;
          run++;
          const type = `NearProbe${run}`;
          // Positions as the API stores them (to 1e-9 degree).
          const points = offsets.map(([bearing, share]) =>
            destination(lon, lat, bearing, share * Math.max(distance, 1)).map(roundCoordinate),
          ) as [number, number][];
          [lon, lat] = [roundCoordinate(lon), roundCoordinate(lat)];
          const entities = points.map((coordinates, i) => ({
            id: `urn:ngsi-ld:${type}:${i}`,
            type,
            location: { type: 'GeoProperty', value: { type: 'Point', coordinates } },
          }));
          const created = await h.as('operator', {
            method: 'POST',
            url: '/ngsi-ld/v1/entityOperations/create',
            payload: entities,
          });
          expect(created.statusCode).toBe(201);
          const answer = await h.as(null, {
            method: 'GET',
            url: `/ngsi-ld/v1/entities?type=${type}&limit=1000&georel=${encodeURIComponent(`near;maxDistance==${distance}`)}&geometry=Point&coordinates=${encodeURIComponent(JSON.stringify([lon, lat]))}`,
          });
          expect(answer.statusCode).toBe(200);
          const found = new Set((answer.json() as { id: string }[]).map((entity) => entity.id));
          points.forEach(([plon, plat], i) => {
            const metres = haversineMetres(lon, lat, plon, plat);
            // Floating-point ties at the exact boundary may fall either way.
            if (Math.abs(metres - distance) < 1e-6) return;
            expect(found.has(`urn:ngsi-ld:${type}:${i}`), `${i} at ${metres} m of ${distance} m`).toBe(
              metres <= distance,
            );
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
