import { sql } from 'kysely';
import { boundItems, type FormDefinition } from '../../../../shared/forms/form-rules.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { ComputedSource } from '../../../platform/kpi.ts';
import type { Period } from '../../../platform/period.ts';
import type { DataServiceEntry } from '../../exchange/index.ts';

/**
 * Plan 239 target G04 counts online public services pre-filled with data the user gave before.
 * Measured per procedure of this catalogue: a procedure counts when the form version in force at
 * the period's end binds an item some data service of the exchange provides, so the form can be
 * pre-filled (under the citizen's consent). The dossier source `services.dossiers_prefilled_share`
 * counts dossiers instead and stays unbound.
 */
export const PREFILLED_PROCEDURES_SHARE = 'services.online_procedures_prefilled_share';

type InForce = { code: string; version: number; definition: FormDefinition };

export function proceduresKpiSources(deps: {
  database: Database;
  exchange: { services(): Promise<DataServiceEntry[]> };
}): ComputedSource[] {
  const { database, exchange } = deps;

  /**
   * The newest version published before the end (exclusive) is the one in force then. Both online
   * levels accept dossiers online (full: the whole process; partial: some steps in person).
   */
  function inForce(end: Date) {
    return sql<InForce>`select p.code, f.version, f.definition
from services.procedures p
join services.procedure_forms f on f.procedure_code = p.code
where p.online_level in ('full', 'partial')
  and f.status = 'published' and f.published_at < ${end}
  and f.version = (select max(g.version) from services.procedure_forms g
                   where g.procedure_code = p.code and g.status = 'published' and g.published_at < ${end})
order by p.code`;
  }

  const share: ComputedSource = {
    name: PREFILLED_PROCEDURES_SHARE,
    label: {
      vi: 'Tỷ lệ dịch vụ công trực tuyến điền sẵn được dữ liệu đã cung cấp (thủ tục trên nền tảng này)',
      en: 'Share of online public services that pre-fill data supplied before (this platform’s procedures)',
    },
    description: {
      vi: 'Thủ tục của danh mục trên nền tảng này có biểu mẫu đang áp dụng vào cuối kỳ (phiên bản công bố mới nhất trước hết kỳ), nộp được trực tuyến (toàn trình hoặc một phần), và biểu mẫu gắn ít nhất một trường với mục dữ liệu mà một dịch vụ dữ liệu đang hoạt động trên nền tảng trao đổi cung cấp ÷ thủ tục có biểu mẫu đang áp dụng vào cuối kỳ, nộp được trực tuyến. Đo khả năng điền sẵn (khi công dân đồng ý), không đo việc dịch vụ được thiết kế lại theo trải nghiệm người dùng. Danh sách mục dữ liệu của các dịch vụ đọc theo hiện tại (sổ đăng ký không lưu lịch sử), mức độ trực tuyến cũng vậy. Không gồm thủ tục trên Cổng Dịch vụ công quốc gia hay hệ thống khác.',
      en: 'Procedures of this platform’s catalogue whose form in force at the end of the period (the newest version published before the end) accepts dossiers online (full or partial), and binds at least one field to a data item that an active data service of the exchange provides ÷ procedures with a form in force at the end of the period that accept dossiers online. Measures whether the form can be pre-filled (under the citizen’s consent), not whether the service was redesigned for the user experience. The items the data services provide are read as registered now (the registry keeps no history), and so is the online level. Procedures on the national public-service portal or other systems are not counted.',
    },
    unit: '%',
    scope: 'city',
    async compute(period: Period) {
      const end = new Date(`${period.end}T00:00:00+07:00`);
      const statement = inForce(end);
      const forms = (await statement.execute(database.db)).rows.map((row) => ({
        ...row,
        definition: (typeof row.definition === 'string'
          ? JSON.parse(row.definition)
          : row.definition) as FormDefinition,
      }));
      const services = (await exchange.services()).filter((service) => service.active);
      const providers = new Map<string, DataServiceEntry[]>();
      for (const service of services)
        for (const item of service.items) providers.set(item, [...(providers.get(item) ?? []), service]);
      const counted: string[] = [];
      let simulatedOnly = 0;
      for (const form of forms) {
        const offered = boundItems(form.definition).filter((item) => providers.has(item));
        if (offered.length === 0) continue;
        counted.push(`${form.code}@${form.version}`);
        // Pre-filled only from a simulated register: the figure rests on demo data.
        if (offered.every((item) => providers.get(item)!.every((service) => service.simulated)))
          simulatedOnly++;
      }
      const demo = simulatedOnly > 0;
      const registry = services.map(
        (service) =>
          `${service.id}${service.simulated ? ' (mô phỏng / simulated)' : ''}: ${service.items.length}`,
      );
      return {
        value: forms.length ? (counted.length / forms.length) * 100 : null,
        numerator: counted.length,
        denominator: forms.length,
        demo,
        query: [
          '-- Bước 1 (services): biểu mẫu đang áp dụng của thủ tục nộp trực tuyến / Step 1: forms in force of procedures filed online',
          `${statement.compile(database.db).sql};`,
          `-- $1 = $2 = ${end.toISOString()}`,
          '-- Bước 2 (exchange): dịch vụ dữ liệu đang hoạt động và số mục dữ liệu, đọc hiện tại / Step 2: active data services and their item counts, as registered now',
          `-- ${registry.join('; ') || '—'}`,
          '-- Tử số: biểu mẫu gắn ít nhất một mục mà bước 2 cung cấp / Numerator: forms binding an item step 2 provides',
          `-- ${counted.join(', ') || '—'}`,
        ].join('\n'),
        ...(demo
          ? {
              note: {
                vi: `${simulatedOnly} thủ tục chỉ được điền sẵn từ nguồn dữ liệu mô phỏng.`,
                en: `${simulatedOnly} procedure(s) pre-filled only from a simulated data source.`,
              },
            }
          : {}),
      };
    },
  };

  return [share];
}
