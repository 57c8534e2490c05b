import type { Bilingual } from '../../../platform/errors.ts';
import type { Period } from '../../../platform/period.ts';

/** A period's instants: Hanoi calendar dates, end exclusive. */
export const bounds = (period: Period) => ({
  from: new Date(`${period.start}T00:00:00+07:00`),
  to: new Date(`${period.end}T00:00:00+07:00`),
});

/** Every source covers only what this platform's devices report: said once, appended to each description. */
export const COVERAGE: Bilingual = {
  vi: 'Chỉ tính thiết bị và cảnh báo trên nền tảng này (các thí điểm đô thị thông minh), không gồm hệ thống khác của thành phố. Số liệu từ thiết bị mô phỏng được đánh dấu là dữ liệu mô phỏng.',
  en: "Covers only this platform's devices and alerts (the smart-urban pilots), not the city's other systems. Figures from simulated devices are flagged as demo data.",
};

export const describe = (text: Bilingual): Bilingual => ({
  vi: `${text.vi} ${COVERAGE.vi}`,
  en: `${text.en} ${COVERAGE.en}`,
});

/** The note of a figure resting partly on simulated devices. */
export const simulatedNote = (simulated: number, total: number, what: Bilingual): Bilingual => ({
  vi: `${simulated}/${total} ${what.vi} từ thiết bị mô phỏng.`,
  en: `${simulated}/${total} ${what.en} from simulated devices.`,
});
