import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

/** The pilots' public API (server/modules/pilots) and the shapes it answers with. */
type Bilingual = { vi: string; en: string };
export type Procedure = { code: string; name: Bilingual; url: string };
export type Paged<T> = { total: number; items: T[] };
export type Level = 'preschool' | 'primary' | 'lower_secondary';
export type School = {
  id: string;
  name: string;
  level: Level;
  address: string;
  unitId: string;
  phone: string | null;
  demo: boolean;
  coveredStreet: string | null;
};
export type Catchment = {
  unit: { id: string; nameVi: string; nameEn: string };
  streetMatched: boolean;
  items: School[];
  enrolment: Procedure;
};
export type CertificateStatus = 'valid' | 'expired' | 'revoked' | 'none';
export type Kind = 'restaurant' | 'street_food' | 'canteen' | 'processing' | 'retail';
export type InspectionResult = 'pass' | 'remarks' | 'fail';
export type Establishment = {
  id: string;
  name: string;
  kind: Kind;
  address: string;
  unitId: string;
  demo: boolean;
  status: CertificateStatus;
  certificate: { id: string; issuedOn: string; expiresOn: string; status: CertificateStatus } | null;
  lastInspection: { on: string; result: InspectionResult } | null;
};
export type Certificate = {
  id: string;
  issuedOn: string;
  expiresOn: string;
  revokedOn: string | null;
  revokeReason: string | null;
  status: CertificateStatus;
  current: boolean;
  issuedBy: string;
  demo: boolean;
  pageUrl: string;
  establishment: Establishment & {
    inspections: {
      id: string;
      inspectedOn: string;
      result: InspectionResult;
      note: string | null;
      demo: boolean;
    }[];
  };
  procedure: Procedure;
};
export type Vacancy = {
  id: string;
  title: string;
  employer: string;
  skill: string;
  skillName: Bilingual;
  description: string;
  unitId: string;
  openings: number;
  salaryMin: number | null;
  salaryMax: number | null;
  closesOn: string;
  demo: boolean;
};
export type Schedule = {
  id: string;
  unitId: string;
  benefit: string;
  benefitName: Bilingual;
  payDate: string;
  fromTime: string;
  toTime: string;
  place: string;
  note: string | null;
  demo: boolean;
};
export type Count = {
  unitId: string;
  benefit: string;
  benefitName: Bilingual;
  count: number | null;
  suppressed: boolean;
  demo: boolean;
};
export type Station = {
  id: string;
  name: string;
  address: string;
  unitId: string;
  capacityPerDay: number;
  demo: boolean;
  level: 'low' | 'medium' | 'high' | 'unknown';
  today: { reportedAt: string; visitsToday: number; waiting: number; loadPct: number } | null;
};
type Unit = { id: string; kind: string; nameVi: string; nameEn: string };
type Query = Record<string, string | number | undefined>;

const usePilot = <T>(key: string, path: string, query: Query, enabled = true) =>
  useQuery({
    queryKey: ['pilots', key, query],
    queryFn: ({ signal }) => api<T>(path, { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });

/** The current wards and communes, by Vietnamese name. */
export function useWards() {
  return useQuery({
    queryKey: ['pilots', 'wards'],
    queryFn: async ({ signal }) => {
      const [wards, communes] = await Promise.all(
        ['ward', 'commune'].map((kind) =>
          api<{ units: Unit[] }>('/api/org/units', { query: { kind }, signal }),
        ),
      );
      return [...wards!.units, ...communes!.units].sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'));
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const useCatchment = (query: Query | null) =>
  usePilot<Catchment>('catchment', '/api/pilots/education/catchment', query ?? {}, query !== null);
export const useEstablishments = (query: Query) =>
  usePilot<Paged<Establishment>>('establishments', '/api/pilots/food-safety/establishments', query);
export const useCertificate = (id: string) =>
  usePilot<Certificate>('certificate', `/api/pilots/food-safety/certificates/${encodeURIComponent(id)}`, {});
export const certificateQrPath = (id: string) =>
  `/api/pilots/food-safety/certificates/${encodeURIComponent(id)}/qr.svg`;
export const useSkills = () =>
  usePilot<{ code: string; name: Bilingual }[]>('skills', '/api/pilots/jobs/skills', {});
export const useVacancies = (query: Query) =>
  usePilot<Paged<Vacancy> & { jobSeekerProcedure: Procedure }>(
    'vacancies',
    '/api/pilots/jobs/vacancies',
    query,
  );
export const useBenefits = () =>
  usePilot<{ code: string; name: Bilingual }[]>('benefits', '/api/pilots/social/benefits', {});
export const useSchedules = (query: Query) =>
  usePilot<Paged<Schedule> & { procedure: Procedure }>('schedules', '/api/pilots/social/schedules', query);
export const useCounts = (query: Query) =>
  usePilot<Paged<Count> & { period: string | null; suppression: Bilingual }>(
    'counts',
    '/api/pilots/social/counts',
    query,
  );
export const useStations = (query: Query) =>
  usePilot<Paged<Station> & { date: string }>('stations', '/api/pilots/health/stations', query);
