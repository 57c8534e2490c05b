import { type Actor, CITY_UNIT_ID, requireRole } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import type { IocStore } from './ioc.store.ts';
import { type Audience, type Indicator, indicators, layers, publicIndicators } from './layers.ts';

const OPERATORS = ['ioc_operator', 'city_admin'] as const;
/** Buckets a series or replay may hold: enough for a week at 5 minutes. */
const MAX_BUCKETS = 2_100;

export type Window = { hours: number; stepMinutes: number };

const simulatedNote = {
  vi: 'Có dữ liệu từ thiết bị mô phỏng (không phải số liệu đo thật).',
  en: 'Includes data from simulated devices (not real measurements).',
};

/** Devices per page unless asked otherwise (and the most a page holds). */
export const DEVICE_PAGE = { limit: 2000 } as const;

/**
 * What the operations centre and the public map read. Operators need `ioc_operator` or
 * `city_admin` at city level; the public audience sees only the public layers.
 */
export function createIocService(deps: { store: IocStore; clock: Clock }) {
  const { store, clock } = deps;

  function visibleLayers(audience: Audience) {
    return audience === 'public' ? layers.filter((layer) => layer.public) : layers;
  }

  function indicatorOf(key: string, audience: Audience): Indicator {
    const found = indicators.get(key);
    if (!found || (audience === 'public' && !publicIndicators.includes(found)))
      throw new AppError('validation_failed', {
        vi: `Chỉ số “${key}” không có trên bản đồ này. Chọn một trong: ${visibleLayers(audience)
          .flatMap((layer) => layer.indicators.map((i) => i.key))
          .join(', ')}.`,
        en: `Indicator “${key}” is not on this map. Choose one of: ${visibleLayers(audience)
          .flatMap((layer) => layer.indicators.map((i) => i.key))
          .join(', ')}.`,
      });
    return found;
  }

  function windowOf(window: Window) {
    const to = clock.now();
    const from = new Date(to.getTime() - window.hours * 3_600_000);
    if ((window.hours * 60) / window.stepMinutes > MAX_BUCKETS)
      throw new AppError('validation_failed', {
        vi: `Quá nhiều mốc thời gian (tối đa ${MAX_BUCKETS}); hãy chọn bước dài hơn hoặc khoảng ngắn hơn.`,
        en: `Too many time buckets (at most ${MAX_BUCKETS}); choose a longer step or a shorter window.`,
      });
    return { from, to, stepMinutes: window.stepMinutes };
  }

  const authorise = (actor: Actor | null) => {
    if (actor) requireRole(actor.principal, [...OPERATORS], CITY_UNIT_ID);
  };

  return {
    /** `actor` null: the public audience. */
    layers(actor: Actor | null) {
      authorise(actor);
      return { items: visibleLayers(actor ? 'operator' : 'public') };
    },

    async overview(actor: Actor) {
      authorise(actor);
      const now = clock.now();
      return { at: now.toISOString(), ...(await store.counts(now)) };
    },

    /** A page of devices in id order; `next` (the last id) is there when more follow. */
    async devices(
      actor: Actor | null,
      domain?: string,
      page: { after?: string; limit: number } = DEVICE_PAGE,
    ) {
      authorise(actor);
      const chosen = visibleLayers(actor ? 'operator' : 'public').filter(
        (layer) => !domain || layer.domain === domain,
      );
      const types = chosen.flatMap((layer) => layer.types);
      // One more than the page holds tells whether another page follows.
      const found = await store.devicesOfTypes(types, clock.now(), { ...page, limit: page.limit + 1 });
      const items = found.slice(0, page.limit);
      return {
        items,
        ...(found.length > page.limit ? { next: items.at(-1)?.id } : {}),
        ...(items.some((item) => item.simulated) ? { note: simulatedNote } : {}),
      };
    },

    async wards(actor: Actor | null, key: string) {
      authorise(actor);
      const indicator = indicatorOf(key, actor ? 'operator' : 'public');
      const items = await store.wardValues(indicator);
      return { indicator, items, ...(items.some((item) => item.simulated) ? { note: simulatedNote } : {}) };
    },

    async series(actor: Actor, key: string, scope: { entityId?: string; unitId?: string }, window: Window) {
      authorise(actor);
      if (!scope.entityId && !scope.unitId)
        throw new AppError('validation_failed', {
          vi: 'Cần chọn một thiết bị (entityId) hoặc một phường, xã (unitId).',
          en: 'Choose a device (entityId) or a ward or commune (unitId).',
        });
      const indicator = indicatorOf(key, 'operator');
      const range = windowOf(window);
      const points = await store.series(indicator, range, scope);
      // Per ward: several units can answer for one entity only if it moved; merge by time.
      const byTime = new Map<string, { at: string; avg: number; min: number; max: number; n: number }>();
      for (const point of points) {
        const held = byTime.get(point.at);
        if (!held) byTime.set(point.at, { ...point, n: 1 });
        else {
          held.avg = (held.avg * held.n + point.avg) / (held.n + 1);
          held.min = Math.min(held.min, point.min);
          held.max = Math.max(held.max, point.max);
          held.n++;
        }
      }
      return {
        indicator,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        stepMinutes: range.stepMinutes,
        points: [...byTime.values()].map(({ n: _n, ...point }) => point),
      };
    },

    /** The last hours of one indicator per ward, bucketed, and the alerts active in that window. */
    async replay(actor: Actor, key: string, window: Window) {
      authorise(actor);
      const indicator = indicatorOf(key, 'operator');
      const range = windowOf(window);
      const [points, alerts] = await Promise.all([
        store.series(indicator, range, {}),
        store.alertsBetween(
          range.from,
          range.to,
          layers.flatMap((layer) => layer.types),
        ),
      ]);
      const frames = new Map<string, Record<string, number>>();
      for (const point of points) {
        const frame = frames.get(point.at) ?? {};
        frame[point.unitId] = point.avg;
        frames.set(point.at, frame);
      }
      return {
        indicator,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        stepMinutes: range.stepMinutes,
        frames: [...frames].map(([at, values]) => ({ at, values })),
        alerts,
      };
    },
  };
}

export type IocService = ReturnType<typeof createIocService>;
