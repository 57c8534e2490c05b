import type { BilingualText } from '../../lib/api.ts';
import type { Confidence } from '../types.ts';

/**
 * The badge text of each confidence, as the server words it (plan.schema.ts `confidenceLabels`),
 * for the one response (the agency page's target list) that carries the code without the label.
 */
const labels: Record<Confidence, BilingualText> = {
  seed: { vi: 'Nêu trong bản tóm tắt Kế hoạch', en: 'Stated in the plan summary' },
  hanoi: { vi: 'Tạm lấy từ văn bản khác của Hà Nội', en: 'Placeholder from another Hanoi document' },
  national_proxy: { vi: 'Tạm lấy từ chỉ tiêu quốc gia', en: 'Placeholder from a national target' },
  unknown: { vi: 'Chưa rõ giá trị', en: 'Value unknown' },
  official: { vi: 'Chính thức (đã xác nhận)', en: 'Official (confirmed)' },
};

export const confidenceLabelOf = (confidence: Confidence): BilingualText => labels[confidence];
