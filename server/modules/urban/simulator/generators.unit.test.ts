import { describe, expect, it } from 'vitest';
import { hanoiHour, profileOf, readingOf, seededRng, simulatedKinds } from './generators.ts';

/** Hanoi local time `hh:mm` on a fixed day, as a Date (UTC+7). */
const at = (hh: number, mm = 0) => new Date(Date.UTC(2026, 10, 20, hh - 7, mm));
const kind = (type: string) => simulatedKinds.find((k) => k.type === type)!;
const profile = profileOf(7, 0);
/** The mean of an attribute over a few draws at a time of day, so the noise does not decide. */
function mean(type: string, attr: string, hh: number, mm = 0) {
  const rng = seededRng(42);
  let sum = 0;
  for (let i = 0; i < 20; i++) sum += Number(readingOf(kind(type), profile, at(hh, mm), rng)[attr]);
  return sum / 20;
}

describe('simulated readings', () => {
  it('read Hanoi local time', () => {
    expect(hanoiHour(at(8, 30))).toBeCloseTo(8.5);
    expect(hanoiHour(new Date('2026-11-20T20:00:00Z'))).toBeCloseTo(3);
  });

  it('are deterministic for a seed and differ for another', () => {
    const run = (seed: number) => {
      const rng = seededRng(seed);
      return simulatedKinds.map((k) => readingOf(k, profileOf(seed, 3), at(9), rng));
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('follow the daily shapes', () => {
    // Traffic: both rush hours well above the night, the evening one too.
    expect(mean('TrafficFlowObserved', 'intensity', 7, 30)).toBeGreaterThan(
      5 * mean('TrafficFlowObserved', 'intensity', 3),
    );
    expect(mean('TrafficFlowObserved', 'intensity', 17, 30)).toBeGreaterThan(
      5 * mean('TrafficFlowObserved', 'intensity', 3),
    );
    expect(mean('TrafficFlowObserved', 'averageVehicleSpeed', 17, 30)).toBeLessThan(
      mean('TrafficFlowObserved', 'averageVehicleSpeed', 3),
    );
    // Rain-driven water: the storm comes first, the street floods after it, dry in the morning.
    expect(mean('FloodMonitoring', 'precipitation', 17)).toBeGreaterThan(
      4 * mean('FloodMonitoring', 'precipitation', 6),
    );
    expect(mean('FloodMonitoring', 'currentLevel', 18, 30)).toBeGreaterThan(
      mean('FloodMonitoring', 'currentLevel', 17),
    );
    expect(mean('FloodMonitoring', 'currentLevel', 18, 30)).toBeGreaterThan(
      4 * mean('FloodMonitoring', 'currentLevel', 6),
    );
    // PM2.5: the evening inversion above the afternoon.
    expect(mean('AirQualityObserved', 'pm25', 22)).toBeGreaterThan(
      1.5 * mean('AirQualityObserved', 'pm25', 14),
    );
    // Power: evening peak above the small hours.
    expect(mean('ACMeasurement', 'activePower', 19, 30)).toBeGreaterThan(
      2 * mean('ACMeasurement', 'activePower', 3),
    );
    // Parking fills by day.
    expect(mean('OffStreetParking', 'availableSpotNumber', 10, 30)).toBeLessThan(
      mean('OffStreetParking', 'availableSpotNumber', 3),
    );
    // Street lights: on at night, off by day.
    expect(readingOf(kind('Streetlight'), profile, at(22), () => 0.5).powerState).toBe('on');
    expect(readingOf(kind('Streetlight'), profile, at(12), () => 0.5).powerState).toBe('off');
  });

  it('stay in realistic ranges around the clock', () => {
    const rng = seededRng(1);
    const ranges: Record<string, [number, number]> = {
      currentLevel: [0, 1.5],
      precipitation: [0, 80],
      intensity: [0, 4000],
      occupancy: [0, 1],
      averageVehicleSpeed: [3, 60],
      pm25: [5, 300],
      pm10: [5, 500],
      no2: [2, 200],
      pH: [6.5, 8.5],
      turbidity: [0.05, 5],
      freeChlorine: [0.2, 1],
      temperature: [15, 35],
      activePower: [50, 5000],
      voltage: [210, 240],
      current: [0, 10_000],
      frequency: [49.9, 50.1],
      illuminanceLevel: [0, 1],
      totalSpotNumber: [100, 400],
      availableSpotNumber: [0, 400],
    };
    for (let index = 0; index < 14; index++) {
      const k = simulatedKinds[index % simulatedKinds.length]!;
      for (let minute = 0; minute < 24 * 60; minute += 10) {
        const reading = readingOf(k, profileOf(1, index), at(0, minute), rng);
        for (const [attr, value] of Object.entries(reading)) {
          if (typeof value !== 'number') continue;
          const [min, max] = ranges[attr]!;
          expect(value, `${k.type}.${attr} at minute ${minute}`).toBeGreaterThanOrEqual(min);
          expect(value, `${k.type}.${attr} at minute ${minute}`).toBeLessThanOrEqual(max);
        }
      }
    }
  });
});
