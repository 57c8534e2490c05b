import { describe, expect, it } from 'vitest';
import { AQI_LEVELS, aqiLevel, nowcast, vnAqi, vnAqiOverall } from './aqi.ts';

/** Values computed by hand from Decision 1459/QĐ-TCMT's formula and breakpoint table. */
describe('VN_AQI (Decision 1459/QĐ-TCMT)', () => {
  it('interpolates PM2.5 between breakpoints', () => {
    expect(vnAqi('pm25', 0)).toBe(0);
    expect(vnAqi('pm25', 12.3)).toBe(25); // 50/25 × 12.3 = 24.6
    expect(vnAqi('pm25', 25)).toBe(50);
    expect(vnAqi('pm25', 25.4)).toBe(51); // 2 × 0.4 + 50 = 50.8
    expect(vnAqi('pm25', 35)).toBe(70); // 50/25 × 10 + 50
    expect(vnAqi('pm25', 60)).toBe(117); // 50/30 × 10 + 100 = 116.67
    expect(vnAqi('pm25', 200)).toBe(250); // 100/100 × 50 + 200
    expect(vnAqi('pm25', 500)).toBe(500);
  });

  it('interpolates PM10 between breakpoints', () => {
    expect(vnAqi('pm10', 50)).toBe(50);
    expect(vnAqi('pm10', 100)).toBe(75); // 50/100 × 50 + 50
    expect(vnAqi('pm10', 400)).toBe(271); // 100/70 × 50 + 200 = 271.43
    expect(vnAqi('pm10', 550)).toBe(450); // 100/100 × 50 + 400
  });

  it('ends the scale at 500 and refuses missing or negative values', () => {
    expect(vnAqi('pm25', 900)).toBe(500);
    expect(vnAqi('pm10', 601)).toBe(500);
    expect(vnAqi('pm25', -1)).toBeNull();
    expect(vnAqi('pm25', null)).toBeNull();
    expect(vnAqi('pm10', Number.NaN)).toBeNull();
  });

  it('takes the highest sub-index as the overall AQI', () => {
    expect(vnAqiOverall({ pm25: 35, pm10: 100 })).toEqual({ aqi: 75, dominant: 'pm10' });
    expect(vnAqiOverall({ pm25: 60, pm10: null })).toEqual({ aqi: 117, dominant: 'pm25' });
    expect(vnAqiOverall({})).toBeNull();
  });

  it('computes the NowCast of hourly PM', () => {
    expect(nowcast([10, 10, 10])).toBe(10);
    expect(nowcast([30, 24])).toBeCloseTo(27.333, 3); // w = 0.8: (30 + 19.2) / 1.8
    expect(nowcast([40, 30, 20])).toBeCloseTo(34.286, 3); // w = 0.5: (40 + 15 + 5) / 1.75
    expect(nowcast([20, null, 10])).toBeCloseTo(18, 6); // (20 + 0.25 × 10) / 1.25
    expect(nowcast([null, null, 5, 5])).toBeNull(); // two of the three latest hours are needed
  });

  it('maps values to the six levels with their colours and advice', () => {
    expect([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500].map((v) => aqiLevel(v).level)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
    ]);
    expect(aqiLevel(50.4).level).toBe(1);
    expect(aqiLevel(117).category).toEqual({ vi: 'Kém', en: 'Poor' });
    expect(aqiLevel(250).color).toBe('#8f3f97');
    for (const level of AQI_LEVELS) {
      expect(level.advice.general.vi).not.toBe('');
      expect(level.advice.sensitive.en).not.toBe('');
    }
  });
});
