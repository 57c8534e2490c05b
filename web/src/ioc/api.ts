import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type BilingualText } from '../lib/api.ts';

/** The operations centre's API (`/api/urban/ioc/*`, alerts, incidents) and the public map's. */
export type Audience = 'operator' | 'public';
export type DeviceState = 'alert' | 'silent' | 'ok' | 'maintenance' | 'retired';

export type Indicator = {
  key: string;
  type: string;
  attr: string;
  label: BilingualText;
  unit: string;
  higherIs: 'worse' | 'better';
};
export type Layer = {
  domain: string;
  label: BilingualText;
  types: string[];
  indicators: Indicator[];
  public: boolean;
};

export type DevicePoint = {
  id: string;
  entityId: string;
  type: string;
  domain: string;
  unitId: string;
  lon: number | null;
  lat: number | null;
  state: DeviceState;
  simulated: boolean;
  lastSeenAt: string | null;
  values: Record<string, number | string | boolean>;
};
export type WardValue = { unitId: string; value: number; devices: number; simulated: boolean };
export type Overview = {
  at: string;
  devices: { domain: string; total: number; reporting: number; simulated: number }[];
  activeAlerts: Record<string, number>;
  openIncidents: Record<string, number>;
  overdueIncidents: number;
  deadLettersLastDay: number;
};
export type Alert = {
  id: string;
  entityId: string;
  entityType: string;
  unitId: string | null;
  agencyId: string;
  severity: string;
  value: Record<string, unknown>;
  sentAt: string;
  clearedAt: string | null;
  active: boolean;
  incident: { id: string; state: IncidentState };
  cap: { info: { headline: string; description: string }[]; status: string };
};
export type IncidentState = 'new' | 'acknowledged' | 'dispatched' | 'resolved' | 'closed';
export type Incident = {
  id: string;
  alertId: string;
  state: IncidentState;
  headline: BilingualText;
  severity: string;
  unitId: string | null;
  agencyId: string;
  deadline: string | null;
  overdue: boolean;
  note: string | null;
  openedAt: string;
};
export type SeriesPoint = { at: string; avg: number; min: number; max: number };
export type Replay = {
  indicator: Indicator;
  from: string;
  to: string;
  stepMinutes: number;
  frames: { at: string; values: Record<string, number> }[];
  alerts: {
    id: string;
    entityId: string;
    unitId: string | null;
    severity: string;
    headline: BilingualText;
    sentAt: string;
    clearedAt: string | null;
  }[];
};

const base = (audience: Audience) => (audience === 'public' ? '/api/urban/public/map' : '/api/urban/ioc');
export const devicesKey = (audience: Audience, domain: string) => ['ioc', audience, 'devices', domain];

export function useLayers(audience: Audience) {
  return useQuery({
    queryKey: ['ioc', audience, 'layers'],
    queryFn: ({ signal }) => api<{ items: Layer[] }>(`${base(audience)}/layers`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type DevicePage = { items: DevicePoint[]; next?: string; note?: BilingualText };

/** Follows `next` from the first page to the last; one list, and the note if any page had one. */
export async function readAllPages(
  read: (after: string | undefined) => Promise<DevicePage>,
): Promise<{ items: DevicePoint[]; note?: BilingualText }> {
  const items: DevicePoint[] = [];
  let note: BilingualText | undefined;
  let after: string | undefined;
  do {
    const page = await read(after);
    items.push(...page.items);
    note ??= page.note;
    after = page.next;
  } while (after);
  return note ? { items, note } : { items };
}

export function useDevices(audience: Audience, domain: string) {
  return useQuery({
    queryKey: devicesKey(audience, domain),
    // The server answers a page at a time (ids in order); the map needs the whole layer.
    queryFn: ({ signal }) =>
      readAllPages((after) =>
        api<DevicePage>(`${base(audience)}/devices`, {
          query: after ? { domain, after } : { domain },
          signal,
        }),
      ),
    enabled: Boolean(domain),
    // Device states also arrive live; the minute's refetch catches what happened while disconnected.
    refetchInterval: 60_000,
  });
}

export function useWardValues(audience: Audience, indicator: string) {
  return useQuery({
    queryKey: ['ioc', audience, 'wards', indicator],
    queryFn: ({ signal }) =>
      api<{ items: WardValue[]; note?: BilingualText }>(`${base(audience)}/wards`, {
        query: { indicator },
        signal,
      }),
    enabled: Boolean(indicator),
    refetchInterval: 30_000,
  });
}

export function useOverview() {
  return useQuery({
    queryKey: ['ioc', 'operator', 'overview'],
    queryFn: ({ signal }) => api<Overview>('/api/urban/ioc/overview', { signal }),
    refetchInterval: 30_000,
  });
}

export function useActiveAlerts() {
  return useQuery({
    queryKey: ['ioc', 'operator', 'alerts'],
    queryFn: ({ signal }) =>
      api<{ items: Alert[] }>('/api/urban/alerts', { query: { active: 'true', limit: 100 }, signal }),
    refetchInterval: 60_000,
  });
}

export function useIncidentBoard() {
  return useQuery({
    queryKey: ['ioc', 'operator', 'incidents'],
    queryFn: ({ signal }) =>
      api<{ columns: Record<IncidentState, Incident[]> }>('/api/urban/incidents', { signal }),
    refetchInterval: 60_000,
  });
}

export function useSeries(
  indicator: string,
  scope: { entityId?: string; unitId?: string } | null,
  hours: number,
) {
  return useQuery({
    queryKey: ['ioc', 'operator', 'series', indicator, scope, hours],
    queryFn: ({ signal }) =>
      api<{ points: SeriesPoint[]; stepMinutes: number }>('/api/urban/ioc/series', {
        query: { indicator, ...scope, hours, step: hours <= 6 ? 5 : hours <= 48 ? 15 : 60 },
        signal,
      }),
    enabled: Boolean(indicator && scope),
  });
}

export function useReplay(indicator: string, enabled: boolean) {
  return useQuery({
    queryKey: ['ioc', 'operator', 'replay', indicator],
    queryFn: ({ signal }) =>
      api<Replay>('/api/urban/ioc/replay', { query: { indicator, hours: 24, step: 15 }, signal }),
    enabled: enabled && Boolean(indicator),
  });
}

export type Step = 'acknowledge' | 'dispatch' | 'resolve' | 'close';

/** Moves an incident one step; the board, alerts and tiles are read again afterwards. */
export function useIncidentStep() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      step,
      agencyId,
      note,
    }: {
      id: string;
      step: Step;
      agencyId?: string;
      note?: string;
    }) =>
      api<Incident>(`/api/urban/incidents/${encodeURIComponent(id)}/${step}`, {
        method: 'POST',
        body: { ...(agencyId ? { agencyId } : {}), ...(note ? { note } : {}) },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['ioc', 'operator'] }),
  });
}
