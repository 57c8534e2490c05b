import { badRequestData } from './errors.ts';

/** GeoJSON geometries as NGSI-LD GeoProperties carry them, validated, and what geo-queries need. */
export type Geometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'MultiPoint' | 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString' | 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

const MAX_POSITIONS = 10_000;
const depthOf: Record<Geometry['type'], number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

export const isGeometryType = (value: unknown): value is Geometry['type'] =>
  typeof value === 'string' && Object.hasOwn(depthOf, value);

const invalid = (why: string, whyEn: string) =>
  badRequestData({ vi: `Hình học GeoJSON không hợp lệ: ${why}.`, en: `Invalid GeoJSON geometry: ${whyEn}.` });

/**
 * Positions are kept to 1e-9 degree (under a millimetre): far finer than any sensor, and it keeps
 * subnormal numbers, which PostgreSQL's float arithmetic refuses (underflow), out of the distance SQL.
 */
export const roundCoordinate = (value: number) => Math.round(value * 1e9) / 1e9 + 0;

/** Checks a geometry (positions [lon, lat] in range, closed rings, bounded size) and returns it. */
export function parseGeometry(value: unknown): Geometry {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalid('không phải đối tượng', 'not an object');
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (!isGeometryType(type))
    throw invalid(`kiểu ${String(type)} không được hỗ trợ`, `type ${String(type)} is not supported`);
  let count = 0;
  const position = (p: unknown): number[] => {
    if (
      !Array.isArray(p) ||
      p.length < 2 ||
      p.length > 3 ||
      !p.every((n) => typeof n === 'number' && Number.isFinite(n))
    )
      throw invalid('toạ độ phải là [kinh độ, vĩ độ]', 'a position must be [longitude, latitude]');
    const [lon, lat] = p as number[];
    if (Math.abs(lon as number) > 180 || Math.abs(lat as number) > 90)
      throw invalid('toạ độ ngoài phạm vi', 'a position is out of range');
    if (++count > MAX_POSITIONS) throw invalid('quá nhiều toạ độ', 'too many positions');
    return (p as number[]).map(roundCoordinate);
  };
  const walk = (node: unknown, depth: number): unknown => {
    if (depth === 0) return position(node);
    if (!Array.isArray(node) || node.length === 0)
      throw invalid('mảng toạ độ rỗng', 'empty coordinate array');
    return node.map((child) => walk(child, depth - 1));
  };
  const checked = walk(coordinates, depthOf[type]);
  const rings = type === 'Polygon' ? [checked] : type === 'MultiPolygon' ? (checked as unknown[]) : [];
  for (const polygon of rings as number[][][][])
    for (const ring of polygon) {
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (ring.length < 4 || first[0] !== last[0] || first[1] !== last[1])
        throw invalid(
          'vòng đa giác phải khép kín, ít nhất 4 điểm',
          'a polygon ring must be closed, with at least 4 positions',
        );
    }
  if ((type === 'LineString' || type === 'MultiLineString') && (checked as unknown[]).length < 1)
    throw invalid('đường phải có điểm', 'a line needs positions');
  return { type, coordinates: checked } as Geometry;
}

/** Every position of a geometry. */
export function positionsOf(geometry: Geometry): number[][] {
  const out: number[][] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth === 0) out.push(node as number[]);
    else for (const child of node as unknown[]) walk(child, depth - 1);
  };
  walk(geometry.coordinates, depthOf[geometry.type]);
  return out;
}

/** The point itself, or the centroid of the vertices of a line or polygon (docs/smart-urban.md). */
export function representativePoint(geometry: Geometry): { lon: number; lat: number } {
  if (geometry.type === 'Point') {
    const [lon, lat] = geometry.coordinates as [number, number];
    return { lon, lat };
  }
  let positions = positionsOf(geometry);
  // A closed ring repeats its first vertex; count it once.
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
    const polygons = (
      geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
    ) as number[][][][];
    positions = polygons.flatMap((polygon) => (polygon[0] ?? []).slice(0, -1));
  }
  const lon = positions.reduce((sum, p) => sum + (p[0] as number), 0) / positions.length;
  const lat = positions.reduce((sum, p) => sum + (p[1] as number), 0) / positions.length;
  return { lon, lat };
}

/** Mean Earth radius (IUGG), metres: the one radius of every distance of the API. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine), the same formula the SQL uses. */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
