import type { Bilingual } from '../../../platform/errors.ts';

/** One numeric attribute of a pilot published as daily aggregates. */
export type PublishedAttribute = { attr: string; label: Bilingual; unit: string };

/** A pilot type and how its open dataset of aggregates is named and owned. */
export type PilotDataset = {
  type: string;
  slug: string;
  subject: Bilingual;
  organizationId: string;
  contactName: string;
  themes: ('ENVI' | 'TRAN' | 'ENER' | 'REGI' | 'TECH')[];
  keywords: string[];
  attributes: PublishedAttribute[];
  /**
   * Fewest devices a ward-day must have to be published: an electricity meter may serve a single
   * customer, so its figures alone could describe a household.
   */
  minDevices: number;
};

const construction = { organizationId: 'so-xay-dung', contactName: 'Sở Xây dựng Hà Nội' };
const environment = { organizationId: 'so-nn-mt', contactName: 'Sở Nông nghiệp và Môi trường Hà Nội' };

/** The seven pilots of the platform (simulator kinds), the main numeric attributes of each. */
export const PILOT_DATASETS: PilotDataset[] = [
  {
    type: 'FloodMonitoring',
    slug: 'ngap-ung',
    subject: { vi: 'ngập úng', en: 'flooding' },
    ...construction,
    themes: ['ENVI', 'REGI'],
    keywords: ['ngập úng', 'mực nước', 'lượng mưa', 'thoát nước'],
    attributes: [
      { attr: 'currentLevel', label: { vi: 'Mực nước', en: 'Water level' }, unit: 'm' },
      { attr: 'precipitation', label: { vi: 'Lượng mưa', en: 'Precipitation' }, unit: 'mm/h' },
    ],
    minDevices: 1,
  },
  {
    type: 'TrafficFlowObserved',
    slug: 'luu-luong-giao-thong',
    subject: { vi: 'lưu lượng giao thông', en: 'traffic flow' },
    ...construction,
    themes: ['TRAN'],
    keywords: ['giao thông', 'lưu lượng', 'tốc độ', 'ùn tắc'],
    attributes: [
      { attr: 'intensity', label: { vi: 'Lưu lượng', en: 'Intensity' }, unit: 'xe/h / vehicles/h' },
      { attr: 'occupancy', label: { vi: 'Độ chiếm dụng', en: 'Occupancy' }, unit: '0–1' },
      { attr: 'averageVehicleSpeed', label: { vi: 'Tốc độ trung bình', en: 'Average speed' }, unit: 'km/h' },
    ],
    minDevices: 1,
  },
  {
    type: 'AirQualityObserved',
    slug: 'chat-luong-khong-khi',
    subject: { vi: 'chất lượng không khí', en: 'air quality' },
    ...environment,
    themes: ['ENVI'],
    keywords: ['chất lượng không khí', 'PM2.5', 'PM10', 'NO2', 'quan trắc'],
    attributes: [
      { attr: 'pm25', label: { vi: 'Bụi PM2.5', en: 'PM2.5' }, unit: 'µg/m³' },
      { attr: 'pm10', label: { vi: 'Bụi PM10', en: 'PM10' }, unit: 'µg/m³' },
      { attr: 'no2', label: { vi: 'NO₂', en: 'NO₂' }, unit: 'µg/m³' },
    ],
    minDevices: 1,
  },
  {
    type: 'WaterQualityObserved',
    slug: 'chat-luong-nuoc',
    subject: { vi: 'chất lượng nước', en: 'water quality' },
    ...environment,
    themes: ['ENVI'],
    keywords: ['chất lượng nước', 'pH', 'độ đục', 'clo dư'],
    attributes: [
      { attr: 'pH', label: { vi: 'pH', en: 'pH' }, unit: 'pH' },
      { attr: 'turbidity', label: { vi: 'Độ đục', en: 'Turbidity' }, unit: 'NTU' },
      { attr: 'freeChlorine', label: { vi: 'Clo dư', en: 'Free chlorine' }, unit: 'mg/L' },
      { attr: 'temperature', label: { vi: 'Nhiệt độ', en: 'Temperature' }, unit: '°C' },
    ],
    minDevices: 1,
  },
  {
    type: 'ACMeasurement',
    slug: 'dien-nang',
    subject: { vi: 'đo đếm điện năng', en: 'electricity metering' },
    organizationId: 'so-cong-thuong',
    contactName: 'Sở Công Thương Hà Nội',
    themes: ['ENER'],
    keywords: ['điện năng', 'công suất', 'điện áp', 'lưới điện'],
    attributes: [
      { attr: 'activePower', label: { vi: 'Công suất tác dụng', en: 'Active power' }, unit: 'kW' },
      { attr: 'voltage', label: { vi: 'Điện áp', en: 'Voltage' }, unit: 'V' },
      { attr: 'current', label: { vi: 'Dòng điện', en: 'Current' }, unit: 'A' },
      { attr: 'frequency', label: { vi: 'Tần số', en: 'Frequency' }, unit: 'Hz' },
    ],
    minDevices: 3,
  },
  {
    type: 'Streetlight',
    slug: 'chieu-sang-cong-cong',
    subject: { vi: 'chiếu sáng công cộng', en: 'street lighting' },
    ...construction,
    themes: ['ENER', 'REGI'],
    keywords: ['chiếu sáng công cộng', 'đèn đường', 'độ rọi'],
    attributes: [
      { attr: 'illuminanceLevel', label: { vi: 'Mức chiếu sáng', en: 'Illuminance level' }, unit: '0–1' },
    ],
    minDevices: 1,
  },
  {
    type: 'OffStreetParking',
    slug: 'bai-do-xe',
    subject: { vi: 'bãi đỗ xe', en: 'off-street parking' },
    ...construction,
    themes: ['TRAN'],
    keywords: ['bãi đỗ xe', 'chỗ trống', 'giao thông tĩnh'],
    attributes: [
      {
        attr: 'availableSpotNumber',
        label: { vi: 'Số chỗ trống', en: 'Available spots' },
        unit: 'chỗ / spots',
      },
      { attr: 'totalSpotNumber', label: { vi: 'Tổng số chỗ', en: 'Total spots' }, unit: 'chỗ / spots' },
    ],
    minDevices: 1,
  },
];
