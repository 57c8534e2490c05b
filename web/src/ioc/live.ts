import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type Audience, type DevicePoint, devicesKey } from './api.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * Live updates over server-sent events: changed devices are patched into the device layers held
 * in the cache; alerts and incidents make the lists and tiles read again. After a reconnect
 * everything is read again, since events sent while away are not replayed.
 */
export function useLiveUpdates(audience: Audience): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    const url = audience === 'public' ? '/api/urban/public/map/stream' : '/api/urban/ioc/stream';
    const source = new EventSource(url, { withCredentials: true });
    let connectedBefore = false;
    source.addEventListener('ready', () => {
      setStatus('live');
      if (connectedBefore) void client.invalidateQueries({ queryKey: ['ioc', audience] });
      connectedBefore = true;
    });
    source.addEventListener('error', () =>
      setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting'),
    );
    source.addEventListener('devices', (event) => {
      const changed = JSON.parse((event as MessageEvent<string>).data) as DevicePoint[];
      const byId = new Map(changed.map((point) => [point.id, point]));
      for (const domain of new Set(changed.map((point) => point.domain))) {
        const key = devicesKey(audience, domain);
        const held = client.getQueryData<{ items: DevicePoint[] }>(key);
        if (!held) continue;
        const known = new Set(held.items.map((item) => item.id));
        // A device the layer does not hold yet (just installed): read the layer again.
        if (changed.some((point) => point.domain === domain && !known.has(point.id)))
          void client.invalidateQueries({ queryKey: key });
        else
          client.setQueryData(key, { ...held, items: held.items.map((item) => byId.get(item.id) ?? item) });
      }
    });
    const refresh = () => void client.invalidateQueries({ queryKey: ['ioc', audience] });
    source.addEventListener('alert', refresh);
    source.addEventListener('incident', refresh);
    return () => source.close();
  }, [audience, client]);

  return status;
}
