/**
 * The demo fleet: two simulated devices of each kind at real places of central Hanoi, with the ids
 * the simulator gives them (`sim-<code>-000n`), so `smartcity simulate` continues their history.
 * DEMO ONLY — places are real, devices and readings are not.
 */
export type DemoSite = {
  id: string;
  code: 'flood' | 'traffic' | 'air' | 'water' | 'power' | 'light' | 'parking';
  /** The n-th device of its kind (1-based), as the simulator numbers it. */
  n: 1 | 2;
  unitId: string;
  ownerAgencyId: string;
  name: string;
  lon: number;
  lat: number;
};

const site = (
  code: DemoSite['code'],
  n: 1 | 2,
  unitId: string,
  ownerAgencyId: string,
  name: string,
  lat: number,
  lon: number,
): DemoSite => ({ id: `sim-${code}-000${n}`, code, n, unitId, ownerAgencyId, name, lon, lat });

export const demoSites: DemoSite[] = [
  site('flood', 1, 'comm-00226', 'so-xay-dung', 'Phố Nguyễn Khuyến', 21.02838, 105.83715),
  site('flood', 2, 'comm-00103', 'so-xay-dung', 'Đường Thụy Khuê (dốc Tam Đa)', 21.04402, 105.81596),
  site('traffic', 1, 'comm-00229', 'so-xay-dung', 'Nút giao Kim Liên – Giải Phóng', 21.00722, 105.84128),
  site('traffic', 2, 'comm-00166', 'so-xay-dung', 'Nút giao Cầu Giấy – Xuân Thủy', 21.03617, 105.79051),
  site('air', 1, 'comm-00070', 'so-nn-mt', 'Trạm quan trắc không khí Hàng Đậu', 21.04171, 105.84693),
  site('air', 2, 'comm-00367', 'so-nn-mt', 'Trạm quan trắc không khí Nguyễn Trãi', 20.99503, 105.80796),
  site('water', 1, 'comm-00097', 'so-xay-dung', 'Điểm quan trắc nước Yên Phụ', 21.04802, 105.84597),
  site('water', 2, 'comm-00331', 'so-xay-dung', 'Điểm quan trắc nước Hoàng Mai', 20.98003, 105.86298),
  site('power', 1, 'comm-00145', 'so-cong-thuong', 'Trạm biến áp Long Biên', 21.03904, 105.88997),
  site('power', 2, 'comm-09556', 'so-cong-thuong', 'Trạm biến áp Hà Đông', 20.97002, 105.77803),
  site('light', 1, 'comm-00070', 'so-xay-dung', 'Đèn chiếu sáng phố Tràng Tiền', 21.02449, 105.85602),
  site('light', 2, 'comm-00199', 'so-xay-dung', 'Đèn chiếu sáng đường Láng', 21.01803, 105.80801),
  site('parking', 1, 'comm-00070', 'so-xay-dung', 'Bãi đỗ xe Trần Nhật Duật', 21.03702, 105.85497),
  site('parking', 2, 'comm-00175', 'so-xay-dung', 'Bãi đỗ xe Công viên Cầu Giấy', 21.02897, 105.79503),
];
