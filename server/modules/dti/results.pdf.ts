import { PdfWriter, type TableColumn, type TableRow } from '../plan/index.ts';
import type { ResultsService } from './results.service.ts';

type Results = Awaited<ReturnType<ResultsService['results']>>;
type Stability = Awaited<ReturnType<ResultsService['sensitivity']>>;

/**
 * The Vietnamese PDF report of a cycle's results (English beside the headings), drawn with the plan
 * module's PdfWriter so it embeds the same Noto Sans and breaks its tables across pages the same way.
 */

/** The perturbation run the report prints: fixed, so the same cycle always gives the same intervals. */
export const REPORT_SENSITIVITY = { perturbations: 200, spread: 0.2, seed: 1 };

const DRAFT = 'BẢN NHÁP / DRAFT';
const RED = '#c92a2a';
const MUTED = '#495057';
const BOTTOM_FILL = '#fff0f0';

const statusLabels: Record<string, string> = {
  open: 'Đang đánh giá, chưa công bố / Open, not published',
  finalised: 'Đã chốt, chưa công bố / Finalised, not published',
  published: 'Đã công bố / Published',
};
const peerLabels: Record<string, string> = { communes: 'Xã, phường', departments: 'Sở, ngành' };
const peerLabel = (group: string | null) => (group ? (peerLabels[group] ?? group) : '—');

const decimals = (digits: number, signed = false) =>
  new Intl.NumberFormat('vi-VN', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: signed ? 'exceptZero' : 'auto',
  });
const index4 = decimals(4);
const change4 = decimals(4, true);
const percent1 = decimals(1);
const weight = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 });
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Hanoi wall-clock time, "dd/mm/yyyy hh:mm". */
function hanoiTime(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3600_000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/**
 * A unit's rank is unstable when the middle 90 % of its perturbed ranks (p5–p95) spans at least a
 * tenth of the field (and at least 2 places): small shifts in weights would reorder it noticeably.
 */
function wideIntervals(stability: Stability) {
  const threshold = Math.max(2, Math.ceil(stability.units.length / 10));
  const wide = stability.units
    .filter((u) => u.p95 - u.p5 >= threshold)
    .sort((a, b) => b.p95 - b.p5 - (a.p95 - a.p5) || a.rank - b.rank || a.unitId.localeCompare(b.unitId));
  return { threshold, wide };
}

/** A framed, bold line that must not be missed (draft status, placeholder weights). */
function notice(pdf: PdfWriter, text: string) {
  pdf.ensureSpace(48);
  const doc = pdf.doc;
  const top = doc.y;
  doc.y += 5;
  pdf.text(text, { bold: true, size: 11, colour: RED, gap: 4 });
  doc
    .lineWidth(1.2)
    .strokeColor(RED)
    .rect(doc.page.margins.left - 6, top, pdf.contentWidth + 12, doc.y - top)
    .stroke();
  doc.y += 8;
}

function method(pdf: PdfWriter, results: Results) {
  pdf.heading('1. Phương pháp / Method');
  const total = results.groups.reduce((sum, g) => sum + Math.max(0, g.weight), 0);
  pdf.text(
    'Chỉ số của mỗi đơn vị (0–1) là trung bình có trọng số của chỉ số các nhóm; chỉ số nhóm = điểm đạt được / điểm tối đa của các chỉ số thành phần áp dụng cho đơn vị (mục không áp dụng không bị trừ điểm). Xếp hạng kiểu thi đấu (1, 2, 2, 4): đơn vị bằng điểm cùng hạng. Hạng trong nhóm so sánh tính riêng cho sở, ngành và cho xã, phường. Thay đổi so với kỳ đã công bố năm trước của cùng bộ chỉ số; hạng dương là tăng hạng.',
    { gap: 3 },
  );
  pdf.text(
    'Index 0–1 = weighted mean of group indices; competition ranking (1, 2, 2, 4); peer ranks within departments and within communes and wards; change vs last year’s published cycle.',
    { size: 8.5, colour: MUTED, gap: 6 },
  );
  const columns: TableColumn[] = [
    { header: 'Mã / Code', width: 50 },
    { header: 'Nhóm chỉ số / Group', width: 260 },
    { header: 'Trọng số / Weight', width: 70, align: 'right' },
    { header: 'Tỷ trọng / Share', width: 70, align: 'right' },
  ];
  pdf.table(
    columns,
    results.groups.map((g) => ({
      cells: [
        g.code,
        `${g.nameVi} / ${g.nameEn}`,
        weight.format(g.weight),
        total > 0 ? `${percent1.format((100 * Math.max(0, g.weight)) / total)} %` : '—',
      ],
    })),
    { size: 8.5 },
  );
}

function ranking(pdf: PdfWriter, results: Results) {
  pdf.heading('2. Bảng xếp hạng / Ranking');
  const columns: TableColumn[] = [
    { header: 'Hạng / Rank', width: 40, align: 'right' },
    { header: 'Đơn vị / Unit', width: 190 },
    { header: 'Nhóm so sánh / Peer group', width: 70 },
    { header: 'Hạng trong nhóm / Peer rank', width: 55, align: 'right' },
    { header: 'Chỉ số / Index', width: 55, align: 'right' },
    { header: 'Thay đổi chỉ số / Index change', width: 60, align: 'right' },
    { header: 'Thay đổi hạng / Rank change', width: 55, align: 'right' },
  ];
  pdf.table(
    columns,
    results.units.map((u) => ({
      cells: [
        String(u.rank),
        u.unitNameVi,
        peerLabel(u.peerGroup),
        u.peerRank == null ? '—' : String(u.peerRank),
        index4.format(u.index),
        u.change ? change4.format(u.change.index) : '—',
        u.change ? signed(u.change.rank) : '—',
      ],
    })),
  );
  if (!results.previousCycleId)
    pdf.text('Chưa có kỳ đã công bố năm trước để so sánh. / No published cycle last year to compare with.', {
      size: 8.5,
      colour: MUTED,
    });
}

/** Best and weakest units of each group, by group index (units the group does not apply to left out). */
function groups(pdf: PdfWriter, results: Results) {
  pdf.heading('3. Đơn vị dẫn đầu và cuối theo nhóm / Top and bottom units by group');
  const columns: TableColumn[] = [
    { header: 'Vị trí / Position', width: 90 },
    { header: 'Đơn vị / Unit', width: 260 },
    { header: 'Chỉ số nhóm / Group index', width: 80, align: 'right' },
  ];
  for (const group of results.groups) {
    const scored = results.units
      .flatMap((u) => {
        const value = u.groups[group.code];
        return value == null ? [] : [{ name: u.unitNameVi, id: u.unitId, value }];
      })
      .sort((a, b) => b.value - a.value || a.id.localeCompare(b.id));
    // Keep a group's heading with its short table (at most 6 rows) on one page.
    pdf.ensureSpace(40 + 18 * (Math.min(scored.length, 6) + 1));
    pdf.heading(`${group.code}. ${group.nameVi} / ${group.nameEn}`, 3);
    if (scored.length === 0) {
      pdf.text('Nhóm không áp dụng cho đơn vị nào. / The group applies to no unit.', { colour: MUTED });
      continue;
    }
    const top = scored.slice(0, Math.min(3, Math.ceil(scored.length / 2)));
    const bottom = scored.slice(Math.max(top.length, scored.length - 3));
    const rows: TableRow[] = [
      ...top.map((u, i) => ({ cells: [`Cao thứ ${i + 1} / Top ${i + 1}`, u.name, index4.format(u.value)] })),
      ...bottom.map((u, i) => {
        const place = scored.length - bottom.length + i + 1;
        return {
          cells: [
            `Thứ ${place}/${scored.length} / ${place} of ${scored.length}`,
            u.name,
            index4.format(u.value),
          ],
          fill: BOTTOM_FILL,
        };
      }),
    ];
    pdf.table(columns, rows, { size: 8.5 });
  }
}

function stabilitySection(pdf: PdfWriter, results: Results, stability: Stability) {
  pdf.heading('4. Độ ổn định của thứ hạng / Rank stability');
  const { threshold, wide } = wideIntervals(stability);
  pdf.text(
    `Trọng số các nhóm được nhân ngẫu nhiên với hệ số trong khoảng ±${Math.round(stability.spread * 100)} % trong ${stability.perturbations} lần thử (hạt giống cố định ${stability.seed}, cùng hạt giống cho cùng kết quả). Khoảng thứ hạng là phân vị 5 %–95 % của các lần thử; đơn vị có khoảng rộng từ ${threshold} bậc trở lên được liệt kê dưới đây — thứ hạng của các đơn vị này phụ thuộc nhiều vào trọng số.`,
    { gap: 3 },
  );
  pdf.text(
    `Group weights multiplied by random factors within ±${Math.round(stability.spread * 100)} %, ${stability.perturbations} runs, fixed seed ${stability.seed}; units whose 5–95 % rank interval spans ${threshold} or more places are listed.`,
    { size: 8.5, colour: MUTED, gap: 6 },
  );
  if (wide.length === 0) {
    pdf.text('Không có đơn vị nào có khoảng thứ hạng rộng. / No unit has a wide rank interval.');
    return;
  }
  const names = new Map(results.units.map((u) => [u.unitId, u.unitNameVi]));
  pdf.table(
    [
      { header: 'Đơn vị / Unit', width: 220 },
      { header: 'Hạng / Rank', width: 50, align: 'right' },
      { header: 'Khoảng 5–95 % / 5–95 % interval', width: 90, align: 'center' },
      { header: 'Thấp nhất – cao nhất / Min – max', width: 90, align: 'center' },
    ],
    wide.map((u) => ({
      cells: [
        names.get(u.unitId) ?? u.unitId,
        String(u.rank),
        `${u.p5}–${u.p95}`,
        `${u.minRank}–${u.maxRank}`,
      ],
    })),
  );
}

/** The report as PDF bytes; unpublished results are marked as a draft on every page. */
export async function resultsReport(input: {
  results: Results;
  stability: Stability;
  generatedAt: Date;
}): Promise<Buffer> {
  const { results, stability, generatedAt } = input;
  const published = results.status === 'published';
  const title = `Báo cáo kết quả đánh giá Chỉ số chuyển đổi số năm ${results.year}`;
  const pdf = new PdfWriter({
    title,
    subject: `Digital-transformation index results ${results.year} — ${results.frameworkCode}`,
    author: 'Hội đồng thẩm định Chỉ số chuyển đổi số / DTI appraisal council',
    createdAt: generatedAt,
    footer: `DTI ${results.year} · ${results.frameworkCode}${published ? '' : ` · ${DRAFT}`}`,
  });
  if (!published) pdf.text(DRAFT, { size: 14, bold: true, colour: RED, align: 'right', gap: 2 });
  pdf.text(title, { size: 18, bold: true, gap: 2 });
  pdf.text(`Digital-transformation index results report, ${results.year}`, {
    size: 11,
    colour: MUTED,
    gap: 8,
  });
  pdf.text(`Bộ chỉ số / Framework: ${results.frameworkCode}`);
  pdf.text(`Trạng thái / Status: ${statusLabels[results.status] ?? results.status}`);
  pdf.text(`Ngày lập / Generated: ${hanoiTime(generatedAt)} (giờ Hà Nội / Hanoi time)`);
  pdf.text(`Số đơn vị / Units: ${results.units.length}`, { gap: 8 });
  if (!published)
    notice(
      pdf,
      `${DRAFT} — kết quả chưa công bố, có thể thay đổi. / Results not published yet; they may change.`,
    );
  if (results.weightsArePlaceholders)
    notice(
      pdf,
      'Trọng số tạm đặt, chưa chính thức — Hội đồng thẩm định sẽ quyết định trọng số và điểm thật. / Placeholder weights, not official.',
    );
  method(pdf, results);
  ranking(pdf, results);
  groups(pdf, results);
  stabilitySection(pdf, results, stability);
  return pdf.finish();
}
