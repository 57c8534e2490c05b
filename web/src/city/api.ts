import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

/** Shapes of the public urban API (docs/smart-urban.md, "Public pages"). */
type Bilingual = { vi: string; en: string };

type Point = {
  id: string;
  name: string;
  unitId: string | null;
  unitName: Bilingual | null;
  lon: number | null;
  lat: number | null;
  simulated: boolean;
  observedAt: string | null;
};

type Page<T> = { items: T[]; total: number; limit: number; offset: number; simulated: boolean };

export type AirStation = Point & {
  pm25: number | null;
  pm10: number | null;
  no2: number | null;
  aqi: number | null;
  dominant: 'pm25' | 'pm10' | null;
  level: number | null;
  color: string | null;
  category: Bilingual | null;
  advice: { general: Bilingual; sensitive: Bilingual } | null;
};

export type FloodPoint = Point & {
  currentLevel: number | null;
  threshold: number;
  precipitation: number | null;
  flooded: boolean;
};

export type CarPark = Point & {
  totalSpotNumber: number | null;
  availableSpotNumber: number | null;
  state: 'full' | 'almost_full' | 'available' | null;
};

export type OutageNotice = {
  id: string;
  service: 'electricity' | 'water';
  kind: 'planned' | 'unplanned' | 'low_pressure';
  unitId: string;
  unitName: Bilingual;
  areaVi: string;
  areaEn: string;
  startsAt: string;
  endsAt: string;
  reasonVi: string;
  reasonEn: string;
  utility: string;
  agencyId: string;
  agencyName: Bilingual;
  state: 'current' | 'upcoming' | 'ended' | 'cancelled';
  simulated: boolean;
};

export type OutageFilters = {
  unitId?: string;
  service?: 'electricity' | 'water';
  when?: 'current' | 'upcoming' | 'all';
  offset?: number;
};

export const OUTAGES_PAGE = 20;
const MINUTE = 60_000;

function useSensors<T>(path: string, unitId: string | undefined) {
  return useQuery({
    queryKey: ['urban', 'public', path, unitId ?? ''],
    queryFn: ({ signal }) => api<Page<T>>(`/api/urban/public/${path}`, { query: { unitId }, signal }),
    refetchInterval: MINUTE,
    placeholderData: keepPreviousData,
  });
}

export const useAirQuality = (unitId?: string) => useSensors<AirStation>('air-quality', unitId);
export const useFloodLevels = (unitId?: string) => useSensors<FloodPoint>('flood-levels', unitId);
export const useParking = (unitId?: string) => useSensors<CarPark>('parking', unitId);

export function useOutages(filters: OutageFilters) {
  return useQuery({
    queryKey: ['urban', 'public', 'outages', filters],
    queryFn: ({ signal }) =>
      api<Page<OutageNotice>>('/api/urban/public/outages', {
        query: { ...filters, limit: OUTAGES_PAGE },
        signal,
      }),
    refetchInterval: MINUTE,
    placeholderData: keepPreviousData,
  });
}

type Unit = { id: string; kind: string; nameVi: string; nameEn: string };

/** Current wards and communes, by name (for the ward selector). */
export function useWards() {
  return useQuery({
    queryKey: ['org', 'units', 'wards'],
    queryFn: ({ signal }) => api<{ at: string; units: Unit[] }>('/api/org/units', { signal }),
    select: (data) =>
      data.units
        .filter((unit) => unit.kind === 'ward' || unit.kind === 'commune')
        .sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi')),
    staleTime: 60 * MINUTE,
  });
}
