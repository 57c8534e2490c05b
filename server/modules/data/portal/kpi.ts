import type { ComputedSource } from '../../../platform/kpi.ts';
import type { Period } from '../../../platform/period.ts';
import type { OrgService } from '../../org/index.ts';
import type { PortalStore } from './portal.store.ts';

/**
 * The open-data KPIs (docs/open-data.md, "KPIs"): G26 of Plan 239 — the share of agencies that
 * publish open data — and, per agency, datasets published, downloads and API calls. Each answer
 * carries the statements that produced it.
 */
export const AGENCIES_PUBLISHING_OPEN_DATA = 'data.agencies_publishing_open_data_share';
export const DATASETS_PUBLISHED = 'data.open_datasets_published';
export const DATASET_DOWNLOADS = 'data.open_data_downloads';
export const DATASET_API_CALLS = 'data.open_data_api_calls';

const hanoiMidnight = (date: string) => new Date(`${date}T00:00:00+07:00`);
const lastDayOf = (period: Period) =>
  new Date(Date.parse(`${period.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export function portalKpiSources(deps: {
  store: PortalStore;
  org: Pick<OrgService, 'units'>;
}): ComputedSource[] {
  const { store, org } = deps;

  const share: ComputedSource = {
    name: AGENCIES_PUBLISHING_OPEN_DATA,
    label: {
      vi: 'Tỷ lệ cơ quan cung cấp dữ liệu mở',
      en: 'Share of agencies publishing open data',
    },
    description: {
      vi: 'Cơ quan có ít nhất một bộ dữ liệu công khai (không phải dữ liệu minh họa) phát hành trước hết kỳ ÷ các cơ quan còn hiệu lực vào ngày cuối kỳ: UBND Thành phố, các sở, ban, ngành và UBND cấp xã (phường, xã; trước 01/7/2025 là quận, huyện, thị xã).',
      en: "Agencies with at least one public dataset (demo data excluded) issued before the end of the period ÷ the agencies in force on the period's last day: the City People's Committee, its departments and agencies, and the local People's Committees (wards and communes; before 1 Jul 2025, districts).",
    },
    unit: '%',
    scope: 'city',
    async compute(period) {
      const day = lastDayOf(period);
      const agencies = (await org.units({ at: day })).map((u) => u.id);
      const inForce = new Set(agencies);
      const publishing = await store.publishingAgencies(hanoiMidnight(period.end));
      const counted = publishing.agencies.filter((id) => inForce.has(id));
      return {
        value: agencies.length ? (counted.length / agencies.length) * 100 : null,
        numerator: counted.length,
        denominator: agencies.length,
        demo: false,
        query: [
          `-- Tử số: cơ quan có bộ dữ liệu công khai, không minh họa, phát hành trước ${period.end} / Numerator: agencies with a public, non-demo dataset issued before ${period.end}`,
          `${publishing.sql};`,
          `-- $1 = ${hanoiMidnight(period.end).toISOString()} ; chỉ tính cơ quan còn hiệu lực ngày ${day} / only agencies in force on ${day}: ${counted.join(', ') || '—'}`,
          `-- Mẫu số: đơn vị trong sổ tổ chức (org) có hiệu lực ngày ${day} / Denominator: units of the org register in force on ${day} (${agencies.length})`,
        ].join('\n'),
      };
    },
  };

  const published: ComputedSource = {
    name: DATASETS_PUBLISHED,
    label: { vi: 'Số bộ dữ liệu mở đã công bố', en: 'Open datasets published' },
    description: {
      vi: 'Bộ dữ liệu công khai đang có (chưa xóa) đã phát hành trước hết kỳ, theo cơ quan công bố (cả dữ liệu minh họa, được đánh dấu).',
      en: 'Public datasets in place (not deleted) issued before the end of the period, per publishing agency (demo data included and marked).',
    },
    unit: 'count',
    scope: 'agency',
    agencies: async () => (await store.publishedCounts(new Date('9999-01-01'))).rows.map((r) => r.agencyId),
    async compute(period, agencyId) {
      const counts = await store.publishedCounts(hanoiMidnight(period.end));
      const row = counts.rows.find((r) => r.agencyId === agencyId);
      const demo = (row?.demo ?? 0) > 0;
      return {
        value: row?.datasets ?? 0,
        demo,
        query: `${counts.sql};\n-- $1 = ${hanoiMidnight(period.end).toISOString()}, organization_id = ${agencyId}`,
        ...(demo
          ? {
              note: {
                vi: `Gồm ${row!.demo} bộ dữ liệu minh họa.`,
                en: `Includes ${row!.demo} demo dataset(s).`,
              },
            }
          : {}),
      };
    },
  };

  const counter = (
    name: string,
    kind: 'downloads' | 'api_calls',
    label: { vi: string; en: string },
  ): ComputedSource => ({
    name,
    label,
    description: {
      vi: `Tổng ${kind === 'downloads' ? 'lượt tải' : 'lượt gọi API (package_show, resource_show, datastore_search, DCAT)'} các bộ dữ liệu của cơ quan trong kỳ.`,
      en: `${kind === 'downloads' ? 'Downloads' : 'API calls (package_show, resource_show, datastore_search, DCAT)'} of the agency's datasets in the period.`,
    },
    unit: 'count',
    scope: 'agency',
    agencies: async () => (await store.publishedCounts(new Date('9999-01-01'))).rows.map((r) => r.agencyId),
    async compute(period, agencyId) {
      const rows = (await store.countersBetween(period.start, period.end)).filter(
        (r) => r.organization_id === agencyId,
      );
      const value = rows.reduce(
        (sum, r) => sum + Number(kind === 'downloads' ? r.downloads : r.api_calls),
        0,
      );
      const demo = rows.some((r) => r.demo && Number(kind === 'downloads' ? r.downloads : r.api_calls) > 0);
      return {
        value,
        demo,
        query: `select sum(c.${kind}) from data.portal_counters c join data.portal_datasets d on d.id = c.dataset_id where d.organization_id = '${agencyId}' and c.day >= '${period.start}' and c.day < '${period.end}'`,
      };
    },
  });

  return [
    share,
    published,
    counter(DATASET_DOWNLOADS, 'downloads', { vi: 'Lượt tải dữ liệu mở', en: 'Open-data downloads' }),
    counter(DATASET_API_CALLS, 'api_calls', { vi: 'Lượt gọi API dữ liệu mở', en: 'Open-data API calls' }),
  ];
}
