import { validationFailed } from '../../platform/errors.ts';
import { tryParsePeriod } from '../../platform/period.ts';
import { INDICATOR_CODE } from './metrics.rules.ts';
import type { MetricsStore } from './metrics.store.ts';
import type { MetricsService, RollupPoint } from './metrics.types.ts';
import { toRollupPoint } from './metrics.views.ts';

/** Aggregate reads for other modules: rolled-up approved values, and who has entered what. */
export function createRollupsService(deps: { store: MetricsStore }) {
  const { store } = deps;

  const rollup: MetricsService['rollup'] = async (requests) => {
    for (const [index, request] of requests.entries())
      if (request.upTo !== undefined && !tryParsePeriod(request.upTo))
        throw validationFailed([
          {
            path: `requests.${index}.upTo`,
            message: { vi: 'kỳ không hợp lệ', en: 'not a period' },
          },
        ]);
    const asked = requests.flatMap((request, index) =>
      INDICATOR_CODE.test(request.indicatorCode)
        ? [{ index, code: request.indicatorCode, upTo: request.upTo ?? null, pick: request.pick ?? 'latest' }]
        : [],
    );
    const rows = await store.rollups(asked);
    const answers: RollupPoint[][] = requests.map(() => []);
    for (const row of rows) answers[asked[row.request]!.index]!.push(toRollupPoint(row));
    return answers;
  };

  const enteredValues: MetricsService['enteredValues'] = async (match) => {
    const rows = await store.enteredValues(match.period, match.indicatorCodes, match.agencyIds);
    return rows.map((row) => ({ agencyId: row.agency_id, indicatorCode: row.indicator_code }));
  };

  return { rollup, enteredValues };
}
