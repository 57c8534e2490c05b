import type { OutageInput } from '../outages/outages.schema.ts';

const HOUR = 3_600_000;
/** `day` days after `today` (Hanoi date) at `time` Hanoi time, as an ISO instant. */
const at = (today: string, day: number, time: string) =>
  new Date(Date.parse(`${today}T${time}:00+07:00`) + day * 24 * HOUR).toISOString();

const EVN = (branch: string) => `EVN Hà Nội – Công ty Điện lực ${branch}`;

/**
 * Demo outage notices around `now`: some under way, some planned for the next days (DEMO ONLY —
 * the places and utilities are real, the outages are not; stored with `simulated`).
 */
export function demoOutages(now: Date, today: string): OutageInput[] {
  const around = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();
  return [
    {
      service: 'electricity',
      kind: 'unplanned',
      unitId: 'comm-00166',
      areaVi: 'Phố Trần Thái Tông, Dịch Vọng Hậu (số 1–120)',
      areaEn: 'Tran Thai Tong and Dich Vong Hau streets (nos. 1–120)',
      startsAt: around(-1),
      endsAt: around(2),
      reasonVi: 'Sự cố cáp ngầm trung thế, đang khắc phục',
      reasonEn: 'Fault on a medium-voltage underground cable, being repaired',
      utility: EVN('Cầu Giấy'),
      agencyId: 'so-cong-thuong',
    },
    {
      service: 'electricity',
      kind: 'planned',
      unitId: 'comm-00070',
      areaVi: 'Phố Hàng Bài, Tràng Tiền (số 1–50)',
      areaEn: 'Hang Bai and Trang Tien streets (nos. 1–50)',
      startsAt: at(today, 1, '08:00'),
      endsAt: at(today, 1, '11:30'),
      reasonVi: 'Bảo dưỡng, sửa chữa lưới điện trung thế',
      reasonEn: 'Maintenance of the medium-voltage network',
      utility: EVN('Hoàn Kiếm'),
      agencyId: 'so-cong-thuong',
    },
    {
      service: 'electricity',
      kind: 'planned',
      unitId: 'comm-00145',
      areaVi: 'Khu dân cư Ngọc Lâm, Nguyễn Văn Cừ',
      areaEn: 'Ngoc Lam and Nguyen Van Cu residential area',
      startsAt: at(today, 2, '07:00'),
      endsAt: at(today, 2, '17:00'),
      reasonVi: 'Thay máy biến áp trạm Ngọc Lâm 3',
      reasonEn: 'Replacing the Ngoc Lam 3 transformer',
      utility: EVN('Long Biên'),
      agencyId: 'so-cong-thuong',
    },
    {
      service: 'water',
      kind: 'unplanned',
      unitId: 'comm-09556',
      areaVi: 'Đường Quang Trung (đoạn Bưu điện Hà Đông – cầu Trắng)',
      areaEn: 'Quang Trung street (Ha Dong post office to Trang bridge)',
      startsAt: around(-2),
      endsAt: around(4),
      reasonVi: 'Vỡ ống cấp nước D200, đang sửa chữa',
      reasonEn: 'Burst 200 mm water main, being repaired',
      utility: 'Công ty Cổ phần Nước sạch Hà Đông',
      agencyId: 'so-xay-dung',
    },
    {
      service: 'water',
      kind: 'low_pressure',
      unitId: 'comm-00367',
      areaVi: 'Các tầng cao khu chung cư Nguyễn Trãi, Khương Đình',
      areaEn: 'Upper floors of the Nguyen Trai and Khuong Dinh apartment blocks',
      startsAt: around(-3),
      endsAt: around(21),
      reasonVi: 'Nhu cầu dùng nước tăng cao, áp lực nước yếu giờ cao điểm',
      reasonEn: 'High demand: low pressure at peak hours',
      utility: 'Công ty TNHH MTV Nước sạch Hà Nội',
      agencyId: 'so-xay-dung',
    },
    {
      service: 'water',
      kind: 'planned',
      unitId: 'comm-00331',
      areaVi: 'Phố Tam Trinh, Lĩnh Nam và các ngõ lân cận',
      areaEn: 'Tam Trinh and Linh Nam streets and nearby lanes',
      startsAt: at(today, 1, '22:00'),
      endsAt: at(today, 2, '06:00'),
      reasonVi: 'Đấu nối tuyến ống D300 mới',
      reasonEn: 'Connecting a new 300 mm main',
      utility: 'Công ty TNHH MTV Nước sạch Hà Nội',
      agencyId: 'so-xay-dung',
    },
  ];
}
