import type { OutageNotice } from './outages.service.ts';

const xml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** Hanoi local time as residents read it: "08:00 27/11/2026". */
const hanoi = (at: string) =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(at));

const serviceName = {
  electricity: { vi: 'Mất điện', en: 'Power outage' },
  water: { vi: 'Mất nước', en: 'Water outage' },
};

/** RSS 2.0 of outage notices: title and description in Vietnamese, then English; simulated ones say so. */
export function outagesRss(items: OutageNotice[], publicUrl: string): string {
  const link = new URL('/mat-dien-nuoc', publicUrl).href;
  const entries = items.map((item) => {
    const what =
      item.kind === 'low_pressure' ? { vi: 'Nước yếu', en: 'Low water pressure' } : serviceName[item.service];
    const demo = item.simulated ? ' [Dữ liệu mô phỏng / Simulated data]' : '';
    const title = `${what.vi} – ${item.unitName.vi} / ${what.en} – ${item.unitName.en}${demo}`;
    const description = `${item.areaVi}. ${hanoi(item.startsAt)} – ${hanoi(item.endsAt)}. ${item.reasonVi} (${item.utility}) / ${item.areaEn}. ${item.reasonEn}`;
    return `<item><title>${xml(title)}</title><link>${xml(`${link}?unitId=${item.unitId}`)}</link><guid isPermaLink="false">${item.id}</guid><pubDate>${new Date(item.modifiedAt).toUTCString()}</pubDate><description>${xml(description)}</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Thông báo mất điện, nước Hà Nội / Hanoi power and water outage notices</title><link>${xml(link)}</link><description>Thông báo mất điện, mất nước đang và sắp diễn ra / Current and upcoming power and water outages</description><language>vi</language>${entries.join('')}</channel></rss>
`;
}
