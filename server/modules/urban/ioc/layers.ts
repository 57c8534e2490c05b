import type { DeviceDomain } from '../devices/index.ts';

/**
 * The operations centre's map layers: one per pilot domain, each with the entity types it shows
 * and the indicators a ward choropleth can be drawn from. `public` layers are the ones the public
 * map shows; water-quality points and substations are critical infrastructure and stay internal.
 */
/** Who watches: operations-centre operators, or anyone on the public map. */
export type Audience = 'operator' | 'public';

export type Indicator = {
  /** `<Type>.<attr>`, the key the API takes. */
  key: string;
  type: string;
  attr: string;
  label: { vi: string; en: string };
  unit: string;
  /** Higher is worse (red) or better (green) — the legend's direction. */
  higherIs: 'worse' | 'better';
};

export type Layer = {
  domain: DeviceDomain;
  label: { vi: string; en: string };
  types: string[];
  indicators: Indicator[];
  public: boolean;
};

const indicator = (
  type: string,
  attr: string,
  label: { vi: string; en: string },
  unit: string,
  higherIs: 'worse' | 'better' = 'worse',
): Indicator => ({ key: `${type}.${attr}`, type, attr, label, unit, higherIs });

export const layers: Layer[] = [
  {
    domain: 'urban',
    label: { vi: 'Ngập úng và chiếu sáng', en: 'Flooding and street lighting' },
    types: ['FloodMonitoring', 'Streetlight'],
    indicators: [
      indicator('FloodMonitoring', 'currentLevel', { vi: 'Mực nước ngập', en: 'Flood water level' }, 'm'),
      indicator('FloodMonitoring', 'precipitation', { vi: 'Lượng mưa', en: 'Rainfall' }, 'mm/h'),
      indicator(
        'Streetlight',
        'illuminanceLevel',
        { vi: 'Mức chiếu sáng', en: 'Lighting level' },
        '0–1',
        'better',
      ),
    ],
    public: true,
  },
  {
    domain: 'transport',
    label: { vi: 'Giao thông và bãi đỗ xe', en: 'Traffic and parking' },
    types: ['TrafficFlowObserved', 'OffStreetParking'],
    indicators: [
      indicator(
        'TrafficFlowObserved',
        'intensity',
        { vi: 'Lưu lượng xe', en: 'Traffic flow' },
        'xe/h · veh/h',
      ),
      indicator(
        'TrafficFlowObserved',
        'occupancy',
        { vi: 'Mức chiếm dụng làn', en: 'Lane occupancy' },
        '0–1',
      ),
      indicator(
        'TrafficFlowObserved',
        'averageVehicleSpeed',
        { vi: 'Tốc độ trung bình', en: 'Average speed' },
        'km/h',
        'better',
      ),
      indicator(
        'OffStreetParking',
        'availableSpotNumber',
        { vi: 'Chỗ đỗ còn trống', en: 'Free parking spaces' },
        'chỗ · spaces',
        'better',
      ),
    ],
    public: true,
  },
  {
    domain: 'environment',
    label: { vi: 'Chất lượng không khí', en: 'Air quality' },
    types: ['AirQualityObserved'],
    indicators: [
      indicator('AirQualityObserved', 'pm25', { vi: 'Bụi PM2.5', en: 'PM2.5' }, 'µg/m³'),
      indicator('AirQualityObserved', 'pm10', { vi: 'Bụi PM10', en: 'PM10' }, 'µg/m³'),
      indicator('AirQualityObserved', 'no2', { vi: 'NO₂', en: 'NO₂' }, 'µg/m³'),
    ],
    public: true,
  },
  {
    domain: 'water',
    label: { vi: 'Nước sạch', en: 'Clean water' },
    types: ['WaterQualityObserved', 'WaterConsumptionObserved'],
    indicators: [
      indicator(
        'WaterQualityObserved',
        'freeChlorine',
        { vi: 'Clo dư', en: 'Free chlorine' },
        'mg/L',
        'better',
      ),
      indicator('WaterQualityObserved', 'turbidity', { vi: 'Độ đục', en: 'Turbidity' }, 'NTU'),
    ],
    public: false,
  },
  {
    domain: 'electricity',
    label: { vi: 'Điện', en: 'Electricity' },
    types: ['ACMeasurement'],
    indicators: [
      indicator('ACMeasurement', 'activePower', { vi: 'Công suất tác dụng', en: 'Active power' }, 'kW'),
      indicator('ACMeasurement', 'voltage', { vi: 'Điện áp', en: 'Voltage' }, 'V', 'better'),
    ],
    public: false,
  },
];

export const indicators = new Map(layers.flatMap((layer) => layer.indicators.map((i) => [i.key, i])));
export const publicTypes = layers.filter((layer) => layer.public).flatMap((layer) => layer.types);
export const publicIndicators = layers.filter((layer) => layer.public).flatMap((layer) => layer.indicators);

/** A device that has not reported for this long is shown as silent. */
export const SILENT_AFTER_MINUTES = 15;
