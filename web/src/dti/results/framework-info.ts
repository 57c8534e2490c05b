import { type Results, useFrameworks } from '../api.ts';

/**
 * The framework behind a results page, by code (titles and unit set; the newest version's).
 * Communes and wards get a map: a commune framework, or any commune or ward among the units.
 */
export function useFrameworkInfo(results: Results | undefined) {
  const frameworks = useFrameworks();
  const matching = (frameworks.data ?? [])
    .filter((framework) => framework.code === results?.frameworkCode)
    .sort((a, b) => b.year - a.year || b.version - a.version);
  const framework = matching[0];
  const showMap =
    framework?.unitSet === 'communes' ||
    Boolean(results?.units.some((unit) => unit.peerGroup === 'communes'));
  return { framework, showMap, titles: titlesByCode(frameworks.data ?? []) };
}

/** Framework code → its titles, for choosing among published cycles. */
function titlesByCode(frameworks: { code: string; titleVi: string; titleEn: string }[]) {
  const titles = new Map<string, { vi: string; en: string }>();
  for (const framework of frameworks)
    if (!titles.has(framework.code))
      titles.set(framework.code, { vi: framework.titleVi, en: framework.titleEn });
  return titles;
}
