import type { Bilingual } from '../../platform/errors.ts';

/**
 * Vietnam's air-quality index (VN_AQI) for particulate matter, per the technical guidance issued
 * with Decision 1459/QĐ-TCMT of 12 Nov 2019 (Vietnam Environment Administration): the breakpoint
 * table, linear interpolation between breakpoints, the NowCast of hourly PM, the six levels with
 * their colours and the advice to the public. Concentrations in µg/m³.
 */
export type AqiPollutant = 'pm25' | 'pm10';

/** The decision's breakpoint table (I_i and BP_i), for PM2.5 and PM10 only. */
export const AQI_BREAKPOINTS = {
  index: [0, 50, 100, 150, 200, 300, 400, 500],
  pm25: [0, 25, 50, 80, 150, 250, 350, 500],
  pm10: [0, 50, 150, 250, 350, 420, 500, 600],
} as const;

/**
 * The sub-index of one pollutant: AQI = (I_{i+1} − I_i) / (BP_{i+1} − BP_i) × (C − BP_i) + I_i,
 * rounded to an integer. The scale ends at 500: a concentration above the last breakpoint is 500.
 * `null` for a missing or negative concentration.
 */
export function vnAqi(pollutant: AqiPollutant, concentration: number | null | undefined): number | null {
  if (concentration === null || concentration === undefined || !Number.isFinite(concentration)) return null;
  if (concentration < 0) return null;
  const bp = AQI_BREAKPOINTS[pollutant];
  const index = AQI_BREAKPOINTS.index;
  for (let i = 0; i < bp.length - 1; i++) {
    const low = bp[i]!;
    const high = bp[i + 1]!;
    if (concentration <= high) {
      const value = ((index[i + 1]! - index[i]!) / (high - low)) * (concentration - low) + index[i]!;
      return Math.round(value);
    }
  }
  return 500;
}

/** The overall VN_AQI: the highest sub-index of the pollutants given (at least PM2.5 or PM10 is required). */
export function vnAqiOverall(
  concentrations: Partial<Record<AqiPollutant, number | null>>,
): { aqi: number; dominant: AqiPollutant } | null {
  let best: { aqi: number; dominant: AqiPollutant } | null = null;
  for (const pollutant of ['pm25', 'pm10'] as const) {
    const aqi = vnAqi(pollutant, concentrations[pollutant]);
    if (aqi !== null && (best === null || aqi > best.aqi)) best = { aqi, dominant: pollutant };
  }
  return best;
}

/**
 * The NowCast of hourly PM for the hourly AQI: `hourly[0]` is the latest hour, up to 12 hours, `null`
 * when missing. w* = c_min / c_max, w = max(w*, ½); NowCast = Σ wⁱ⁻¹ cᵢ / Σ wⁱ⁻¹ over the hours
 * present (with w = ½ and 12 hours this is the decision's Σ ½ⁱ cᵢ to within 0.03 %). `null` unless
 * at least two of the three latest hours are present, as the decision requires.
 */
export function nowcast(hourly: readonly (number | null | undefined)[]): number | null {
  const hours = hourly.slice(0, 12);
  const present = (c: number | null | undefined): c is number => typeof c === 'number' && Number.isFinite(c);
  if (hours.slice(0, 3).filter(present).length < 2) return null;
  const values = hours.filter(present);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const w = max === 0 ? 1 : Math.max(min / max, 0.5);
  let weighted = 0;
  let weights = 0;
  hours.forEach((c, i) => {
    if (!present(c)) return;
    weighted += w ** i * c;
    weights += w ** i;
  });
  return weighted / weights;
}

export type AqiLevel = {
  level: 1 | 2 | 3 | 4 | 5 | 6;
  min: number;
  max: number;
  /** The decision's colour (RGB) as CSS hex. */
  color: string;
  category: Bilingual;
  /** What the public should do: everyone, and sensitive groups (children, the elderly, people with heart or lung disease). */
  advice: { general: Bilingual; sensitive: Bilingual };
};

const outdoorsFree: Bilingual = {
  vi: 'Tự do thực hiện các hoạt động ngoài trời.',
  en: 'Outdoor activities as usual.',
};
const stayInside: Bilingual = {
  vi: 'Ở trong nhà, đóng cửa ra vào và cửa sổ. Nếu phải ra ngoài, đeo khẩu trang đạt tiêu chuẩn.',
  en: 'Stay indoors with doors and windows closed. If you must go out, wear a proper mask.',
};

/** The six levels of the decision, with colours and advice. */
export const AQI_LEVELS: readonly AqiLevel[] = [
  {
    level: 1,
    min: 0,
    max: 50,
    color: '#00e400',
    category: { vi: 'Tốt', en: 'Good' },
    advice: { general: outdoorsFree, sensitive: outdoorsFree },
  },
  {
    level: 2,
    min: 51,
    max: 100,
    color: '#ffff00',
    category: { vi: 'Trung bình', en: 'Moderate' },
    advice: {
      general: outdoorsFree,
      sensitive: {
        vi: 'Theo dõi các triệu chứng như ho, khó thở; vẫn có thể hoạt động ngoài trời.',
        en: 'Watch for symptoms such as coughing or shortness of breath; outdoor activities remain possible.',
      },
    },
  },
  {
    level: 3,
    min: 101,
    max: 150,
    color: '#ff7e00',
    category: { vi: 'Kém', en: 'Poor' },
    advice: {
      general: {
        vi: 'Người có triệu chứng đau mắt, ho, đau họng nên cân nhắc giảm hoạt động ngoài trời.',
        en: 'People with sore eyes, a cough or a sore throat should consider spending less time outdoors.',
      },
      sensitive: {
        vi: 'Giảm hoạt động mạnh và thời gian ở ngoài trời; người bị hen có thể cần dùng thuốc thường xuyên hơn.',
        en: 'Reduce strenuous activity and time outdoors; people with asthma may need their medication more often.',
      },
    },
  },
  {
    level: 4,
    min: 151,
    max: 200,
    color: '#ff0000',
    category: { vi: 'Xấu', en: 'Bad' },
    advice: {
      general: {
        vi: 'Giảm hoạt động mạnh ngoài trời, tránh tập thể dục kéo dài, nghỉ ngơi trong nhà nhiều hơn.',
        en: 'Reduce strenuous outdoor activity, avoid prolonged exercise, rest indoors more.',
      },
      sensitive: {
        vi: 'Ở trong nhà và giảm hoạt động mạnh. Nếu phải ra ngoài, đeo khẩu trang đạt tiêu chuẩn.',
        en: 'Stay indoors and reduce strenuous activity. If you must go out, wear a proper mask.',
      },
    },
  },
  {
    level: 5,
    min: 201,
    max: 300,
    color: '#8f3f97',
    category: { vi: 'Rất xấu', en: 'Very bad' },
    advice: {
      general: {
        vi: 'Hạn chế tối đa hoạt động ngoài trời, chuyển các hoạt động vào trong nhà. Nếu phải ra ngoài, đeo khẩu trang đạt tiêu chuẩn.',
        en: 'Keep outdoor activity to a minimum and move activities indoors. If you must go out, wear a proper mask.',
      },
      sensitive: {
        vi: 'Ở trong nhà và giảm hoạt động mạnh.',
        en: 'Stay indoors and reduce strenuous activity.',
      },
    },
  },
  {
    level: 6,
    min: 301,
    max: 500,
    color: '#7e0023',
    category: { vi: 'Nguy hại', en: 'Hazardous' },
    advice: { general: stayInside, sensitive: stayInside },
  },
];

/** The level of an AQI value (integers as the decision publishes them; fractions round first). */
export function aqiLevel(aqi: number): AqiLevel {
  const value = Math.max(0, Math.round(aqi));
  return AQI_LEVELS.find((l) => value <= l.max) ?? AQI_LEVELS[AQI_LEVELS.length - 1]!;
}

/** Air is "good" at VN_AQI ≤ 50 (level 1). */
export const GOOD_AIR_MAX = 50;
