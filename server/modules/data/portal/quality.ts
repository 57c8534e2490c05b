import type { Bilingual } from '../../../platform/errors.ts';
import type { DatasetRow, ResourceRow } from './portal.store.ts';
import { frequencies, isOpenLicence, licenceOf, tabularFormats } from './vocabularies.ts';

/**
 * The quality score (0–100) from explicit criteria, as uData scores datasets: each criterion has
 * its points, says whether it is met and why. Computed when read, so "update frequency kept"
 * always speaks of today.
 */
export type QualityCriterion = {
  code: string;
  label: Bilingual;
  points: number;
  max: number;
  met: boolean;
  reason: Bilingual;
};
export type Quality = { score: number; criteria: QualityCriterion[] };

const MIN_DESCRIPTION = 100;
const MIN_KEYWORDS = 3;
/** A promise of updates is kept while the last change is no older than 1.5 × its interval. */
const GRACE = 1.5;

function criterion(
  code: string,
  label: Bilingual,
  max: number,
  met: boolean,
  reason: Bilingual,
): QualityCriterion {
  return { code, label, points: met ? max : 0, max, met, reason };
}

export function qualityOf(dataset: DatasetRow, resources: ResourceRow[], now: Date): Quality {
  const criteria: QualityCriterion[] = [];
  const length = dataset.description_vi.trim().length;
  criteria.push(
    criterion('description', { vi: 'Mô tả đầy đủ', en: 'Full description' }, 15, length >= MIN_DESCRIPTION, {
      vi: `Mô tả tiếng Việt có ${length} ký tự (cần từ ${MIN_DESCRIPTION}).`,
      en: `The Vietnamese description has ${length} characters (${MIN_DESCRIPTION} needed).`,
    }),
  );
  const english = Boolean(dataset.title_en?.trim() && dataset.description_en?.trim());
  criteria.push(
    criterion(
      'english',
      { vi: 'Có tiêu đề và mô tả tiếng Anh', en: 'English title and description' },
      5,
      english,
      english
        ? { vi: 'Có tiêu đề và mô tả tiếng Anh.', en: 'English title and description are given.' }
        : { vi: 'Thiếu tiêu đề hoặc mô tả tiếng Anh.', en: 'The English title or description is missing.' },
    ),
  );
  const licence = licenceOf(dataset.license_id);
  criteria.push(
    criterion(
      'licence_open',
      { vi: 'Giấy phép mở', en: 'Open licence' },
      10,
      isOpenLicence(dataset.license_id),
      isOpenLicence(dataset.license_id)
        ? { vi: `${licence?.title} là giấy phép mở.`, en: `${licence?.title} is an open licence.` }
        : {
            vi: `Giấy phép ${dataset.license_id} chưa được xác nhận là mở (Open Definition).`,
            en: `Licence ${dataset.license_id} is not confirmed open (Open Definition).`,
          },
    ),
  );
  const frequency = frequencies[dataset.frequency as keyof typeof frequencies] ?? frequencies.UNKNOWN;
  const ageDays = Math.floor((now.getTime() - new Date(dataset.modified).getTime()) / 86_400_000);
  let kept: boolean;
  let keptReason: Bilingual;
  if (dataset.frequency === 'NEVER') {
    kept = true;
    keptReason = { vi: 'Dữ liệu cố định, không cần cập nhật.', en: 'Fixed data: no updates are due.' };
  } else if (frequency.days === null) {
    kept = false;
    keptReason = {
      vi: `Tần suất cập nhật "${frequency.vi}": không đánh giá được việc cập nhật đúng hạn.`,
      en: `Update frequency "${frequency.en}": timeliness cannot be judged.`,
    };
  } else {
    const limit = Math.ceil(frequency.days * GRACE);
    kept = ageDays <= limit;
    keptReason = {
      vi: `Cập nhật lần cuối ${ageDays} ngày trước; tần suất ${frequency.vi.toLowerCase()} cho phép tối đa ${limit} ngày.`,
      en: `Last updated ${ageDays} days ago; a ${frequency.en.toLowerCase()} frequency allows at most ${limit} days.`,
    };
  }
  criteria.push(
    criterion(
      'frequency_kept',
      { vi: 'Cập nhật đúng tần suất', en: 'Update frequency kept' },
      15,
      kept,
      keptReason,
    ),
  );
  const temporal = Boolean(dataset.temporal_start || dataset.temporal_end);
  criteria.push(
    criterion(
      'temporal_coverage',
      { vi: 'Phạm vi thời gian', en: 'Temporal coverage' },
      10,
      temporal,
      temporal
        ? {
            vi: `Từ ${dataset.temporal_start ?? '…'} đến ${dataset.temporal_end ?? '…'}.`,
            en: `From ${dataset.temporal_start ?? '…'} to ${dataset.temporal_end ?? '…'}.`,
          }
        : { vi: 'Chưa khai báo phạm vi thời gian.', en: 'No temporal coverage is given.' },
    ),
  );
  const spatial = dataset.spatial_unit_ids.length > 0;
  criteria.push(
    criterion(
      'spatial_coverage',
      { vi: 'Phạm vi không gian', en: 'Spatial coverage' },
      5,
      spatial,
      spatial
        ? {
            vi: `${dataset.spatial_unit_ids.length} đơn vị hành chính.`,
            en: `${dataset.spatial_unit_ids.length} administrative unit(s).`,
          }
        : { vi: 'Chưa khai báo phạm vi không gian.', en: 'No spatial coverage is given.' },
    ),
  );
  criteria.push(
    criterion(
      'resources_present',
      { vi: 'Có tài nguyên dữ liệu', en: 'Resources present' },
      10,
      resources.length > 0,
      { vi: `${resources.length} tài nguyên.`, en: `${resources.length} resource(s).` },
    ),
  );
  const unreachable = resources.filter((r) => r.kind === 'link' && r.last_check && !r.last_check.ok);
  const unchecked = resources.filter((r) => r.kind === 'link' && !r.last_check);
  const reachable = resources.length > 0 && unreachable.length === 0 && unchecked.length === 0;
  criteria.push(
    criterion(
      'resources_reachable',
      { vi: 'Tài nguyên truy cập được', en: 'Resources reachable' },
      10,
      reachable,
      resources.length === 0
        ? { vi: 'Chưa có tài nguyên.', en: 'No resources yet.' }
        : unreachable.length
          ? {
              vi: `${unreachable.length} liên kết không truy cập được ở lần kiểm tra gần nhất.`,
              en: `${unreachable.length} link(s) were unreachable at the last check.`,
            }
          : unchecked.length
            ? {
                vi: `${unchecked.length} liên kết chưa được kiểm tra.`,
                en: `${unchecked.length} link(s) not checked yet.`,
              }
            : {
                vi: 'Mọi tệp được lưu trên nền tảng và mọi liên kết truy cập được.',
                en: 'Every file is stored on the platform and every link was reachable.',
              },
    ),
  );
  const tabular = resources.filter((r) => tabularFormats.has(r.format.toUpperCase()));
  const withSchema = tabular.filter((r) => r.table_schema);
  const schemaMet = tabular.length > 0 && withSchema.length === tabular.length;
  criteria.push(
    criterion(
      'table_schema',
      { vi: 'Có lược đồ bảng (Table Schema)', en: 'Table schema present' },
      10,
      schemaMet,
      tabular.length === 0
        ? { vi: 'Không có tài nguyên dạng bảng.', en: 'No tabular resource.' }
        : {
            vi: `${withSchema.length}/${tabular.length} tài nguyên dạng bảng có lược đồ.`,
            en: `${withSchema.length}/${tabular.length} tabular resource(s) have a schema.`,
          },
    ),
  );
  const keywords = dataset.keywords.length;
  criteria.push(
    criterion('keywords', { vi: 'Từ khóa', en: 'Keywords' }, 5, keywords >= MIN_KEYWORDS, {
      vi: `${keywords} từ khóa (cần từ ${MIN_KEYWORDS}).`,
      en: `${keywords} keyword(s) (${MIN_KEYWORDS} needed).`,
    }),
  );
  const contact = Boolean(dataset.contact_email);
  criteria.push(
    criterion(
      'contact_point',
      { vi: 'Đầu mối liên hệ', en: 'Contact point' },
      5,
      contact,
      contact
        ? { vi: `Liên hệ: ${dataset.contact_email}.`, en: `Contact: ${dataset.contact_email}.` }
        : { vi: 'Chưa có thư điện tử liên hệ.', en: 'No contact e-mail is given.' },
    ),
  );
  return { score: criteria.reduce((sum, c) => sum + c.points, 0), criteria };
}
