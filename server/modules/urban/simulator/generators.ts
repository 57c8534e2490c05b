/**
 * Simulated readings of the pilots' Smart Data Models (docs/smart-urban.md, "Simulator"). Pure
 * functions of the device's profile, the time and a seeded random stream, so a run with the same
 * seed and clock publishes the same values. Daily shapes follow Hanoi's local time (UTC+7).
 */
import type { DeviceDomain } from '../devices/index.ts';

export type Rng = () => number;

/** mulberry32: small, fast and good enough for noise; the same seed gives the same stream. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Noise in [-amplitude, amplitude]. */
const noise = (rng: Rng, amplitude: number) => (rng() * 2 - 1) * amplitude;
const round = (value: number, digits: number) => Number(value.toFixed(digits));
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
/** A bell around `centre` (hours) of width `spread`, on the 24-hour circle. */
function bell(hour: number, centre: number, spread: number) {
  const distance = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre));
  return Math.exp(-((distance / spread) ** 2));
}

/** Hanoi local hour of day, fractional (0 ≤ h < 24). */
export function hanoiHour(at: Date): number {
  return (((at.getTime() / 3_600_000 + 7) % 24) + 24) % 24;
}

/** Per-device constants (size, sensitivity, phase), drawn once from the seed and the device's index. */
export type Profile = { scale: number; phase: number; capacity: number };
export function profileOf(seed: number, index: number): Profile {
  const rng = seededRng((seed * 2_654_435_761 + index * 40_503) >>> 0);
  return { scale: 0.6 + rng() * 0.8, phase: noise(rng, 0.75), capacity: 100 + Math.floor(rng() * 300) };
}

type Generator = (hour: number, profile: Profile, rng: Rng) => Record<string, number | string | boolean>;

/** A rainy day: an afternoon storm peaking near 17:00 (mm/h); street water follows with a lag. */
const flood: Generator = (hour, profile, rng) => {
  const h = hour - profile.phase;
  const precipitation = clamp(2 + 38 * profile.scale * bell(h, 17, 1.5) + noise(rng, 1.5), 0, 80);
  const currentLevel = clamp(0.05 + 0.7 * profile.scale * bell(h, 18.5, 2.2) + noise(rng, 0.02), 0, 1.5);
  return { currentLevel: round(currentLevel, 3), precipitation: round(precipitation, 1) };
};

/** Vehicles per hour at a junction, with the morning (07:30) and evening (17:30) peaks. */
const traffic: Generator = (hour, profile, rng) => {
  const h = hour - profile.phase / 3;
  const shape = 0.05 + 0.85 * bell(h, 7.5, 1.3) + 0.95 * bell(h, 17.5, 1.5) + 0.35 * bell(h, 12.5, 3);
  const intensity = Math.max(0, Math.round(2000 * profile.scale * shape * (1 + noise(rng, 0.08))));
  const occupancy = clamp(0.9 * shape + noise(rng, 0.03), 0, 1);
  const averageVehicleSpeed = clamp(50 - 40 * occupancy + noise(rng, 2), 3, 60);
  return {
    intensity,
    occupancy: round(occupancy, 2),
    averageVehicleSpeed: round(averageVehicleSpeed, 1),
    congested: occupancy > 0.7,
  };
};

/** PM2.5 (µg/m³): morning traffic and the evening inversion raise it, the afternoon mixes it away. */
const air: Generator = (hour, profile, rng) => {
  const shape = 0.45 + 0.5 * bell(hour, 8, 1.8) + 0.7 * bell(hour, 22, 2.5) - 0.2 * bell(hour, 14.5, 2);
  const pm25 = clamp(70 * profile.scale * shape + noise(rng, 4), 5, 300);
  return {
    pm25: round(pm25, 1),
    pm10: round(pm25 * (1.4 + noise(rng, 0.1)), 1),
    no2: round(clamp(25 + 30 * bell(hour, 8, 1.5) + 25 * bell(hour, 18, 1.8) + noise(rng, 3), 2, 200), 1),
  };
};

/** Treated water at a monitoring point: stable, chlorine dipping with the evening demand. */
const waterQuality: Generator = (hour, profile, rng) => ({
  pH: round(clamp(7.2 + profile.phase * 0.3 + noise(rng, 0.1), 6.5, 8.5), 2),
  turbidity: round(clamp(0.5 * profile.scale + 0.4 * bell(hour, 19, 2) + noise(rng, 0.1), 0.05, 5), 2),
  freeChlorine: round(clamp(0.6 - 0.2 * bell(hour, 19, 2.5) + noise(rng, 0.03), 0.2, 1), 2),
  temperature: round(24 + 3 * bell(hour, 15, 4) + noise(rng, 0.3), 1),
});

/** A substation's load (kW): a midday plateau and the evening peak near 19:30. */
const electricity: Generator = (hour, profile, rng) => {
  const shape = 0.35 + 0.35 * bell(hour, 11, 3) + 0.6 * bell(hour, 19.5, 2);
  const activePower = clamp(1500 * profile.scale * shape * (1 + noise(rng, 0.04)), 50, 5000);
  const voltage = 230 - 6 * shape + noise(rng, 1);
  return {
    activePower: round(activePower, 1),
    voltage: round(voltage, 1),
    current: round((activePower * 1000) / (3 * voltage), 1),
    frequency: round(50 + noise(rng, 0.05), 2),
  };
};

/** A lamp on from 18:00 to 06:00, dimmed after midnight; a rare fault. */
const streetlight: Generator = (hour, _profile, rng) => {
  const on = hour >= 18 || hour < 6;
  const fault = rng() < 0.002;
  return {
    powerState: on && !fault ? 'on' : 'off',
    illuminanceLevel: on && !fault ? (hour < 6 ? 0.6 : 1) : 0,
    status: fault ? 'brokenLamp' : 'ok',
  };
};

/** A car park filling in office hours and emptying at night. */
const parking: Generator = (hour, profile, rng) => {
  const occupancy = clamp(
    0.2 + 0.65 * bell(hour, 10.5, 3) + 0.5 * bell(hour, 19, 2) + noise(rng, 0.04),
    0,
    1,
  );
  return {
    totalSpotNumber: profile.capacity,
    availableSpotNumber: Math.round(profile.capacity * (1 - occupancy)),
  };
};

/** The simulated kinds: Smart Data Model type, domain, the id prefix of its devices, and its generator. */
export const simulatedKinds = [
  { type: 'FloodMonitoring', domain: 'urban', code: 'flood', generate: flood },
  { type: 'TrafficFlowObserved', domain: 'transport', code: 'traffic', generate: traffic },
  { type: 'AirQualityObserved', domain: 'environment', code: 'air', generate: air },
  { type: 'WaterQualityObserved', domain: 'water', code: 'water', generate: waterQuality },
  { type: 'ACMeasurement', domain: 'electricity', code: 'power', generate: electricity },
  { type: 'Streetlight', domain: 'urban', code: 'light', generate: streetlight },
  { type: 'OffStreetParking', domain: 'transport', code: 'parking', generate: parking },
] as const satisfies readonly { type: string; domain: DeviceDomain; code: string; generate: Generator }[];

export type SimulatedKind = (typeof simulatedKinds)[number];

/** The attributes of one reading of `kind` at `at`. */
export function readingOf(kind: SimulatedKind, profile: Profile, at: Date, rng: Rng) {
  return kind.generate(hanoiHour(at), profile, rng);
}
