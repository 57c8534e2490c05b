import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * The result document: an A4 page from one template, drawn only with the embedded Noto Sans (SIL
 * Open Font License 1.1; the same typeface the plan's report book embeds), with a vector QR code
 * (also a link) to the public verification page. Signing happens after, on the finished bytes.
 */
const require = createRequire(import.meta.url);
const fontPaths = {
  regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
};
let fonts: { regular: Buffer; bold: Buffer; covers: (codePoint: number) => boolean } | null = null;
const loadFonts = () => {
  if (!fonts) {
    const regular = readFileSync(fontPaths.regular);
    const face = fontkit.create(regular) as fontkit.Font;
    fonts = { regular, bold: readFileSync(fontPaths.bold), covers: (cp) => face.hasGlyphForCodePoint(cp) };
  }
  return fonts;
};

/** NFC text with any character the font cannot draw replaced, so no page shows a missing glyph. */
function printable(text: string): string {
  const { covers } = loadFonts();
  let out = '';
  for (const char of text.normalize('NFC')) {
    const cp = char.codePointAt(0)!;
    out += char === '\n' || covers(cp) ? char : cp < 0x20 ? ' ' : '?';
  }
  return out;
}

/** Keep precomposed Vietnamese letters whole in the text layer (see plan's pdf/fonts.ts). */
const WHOLE = { features: { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] };

export type ResultDocument = {
  id: string;
  verifyUrl: string;
  agency: { nameVi: string; nameEn: string };
  dossierCode: string;
  procedureCode: string;
  subject: { personalId: string; fullName: string };
  titleVi: string;
  titleEn: string;
  fields: { labelVi: string; labelEn: string; value: string }[];
  issuedAt: Date;
  demo: boolean;
};

/** One A4 page of the city's documents: agency heading, title, labelled rows, a QR link. */
export type OfficialDocument = {
  agency: { nameVi: string; nameEn: string };
  titleVi: string;
  titleEn: string;
  subject: string;
  /** A framed notice under the heading (e.g. the demo CA's), Vietnamese line then English. */
  banner?: string;
  rows: { labelVi: string; labelEn: string; value: string }[];
  qr: { url: string; heading: string; footer: string };
  createdAt: Date;
};

const hanoiDate = (date: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);

const MARGIN = 50;
const colours = { text: '#212529', muted: '#495057', rule: '#adb5bd', demo: '#a61e4d' };

/** The signed result: the official document with the verification QR (signing happens after). */
export function renderResultPdf(input: ResultDocument): Promise<Buffer> {
  return renderOfficialPdf({
    agency: input.agency,
    titleVi: input.titleVi,
    titleEn: input.titleEn,
    subject: `Kết quả hồ sơ ${input.dossierCode} / Result of dossier ${input.dossierCode}`,
    banner: input.demo
      ? 'BẢN THỬ NGHIỆM — ký số bằng CA thử nghiệm (DEMO), không có giá trị pháp lý.\nDEMO — digitally signed with a demo CA, not a real certificate authority; no legal value.'
      : undefined,
    rows: [
      { labelVi: 'Họ và tên', labelEn: 'Full name', value: input.subject.fullName },
      {
        labelVi: 'Số định danh cá nhân',
        labelEn: 'Personal identification number',
        value: input.subject.personalId,
      },
      { labelVi: 'Mã hồ sơ', labelEn: 'Dossier code', value: input.dossierCode },
      { labelVi: 'Thủ tục', labelEn: 'Procedure', value: input.procedureCode },
      ...input.fields,
      { labelVi: 'Ngày cấp', labelEn: 'Date of issue', value: hanoiDate(input.issuedAt) },
      { labelVi: 'Mã kết quả', labelEn: 'Result identifier', value: input.id },
    ],
    qr: {
      url: input.verifyUrl,
      heading: 'Kiểm tra tính xác thực / Verify this document',
      footer: `Văn bản được ký số bởi ${input.agency.nameVi}. / Digitally signed by ${input.agency.nameEn}.`,
    },
    createdAt: input.issuedAt,
  });
}

export async function renderOfficialPdf(input: OfficialDocument): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    font: fontPaths.regular,
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: printable(`${input.titleVi} / ${input.titleEn}`),
      Subject: printable(input.subject),
      Author: printable(input.agency.nameVi),
      Creator: 'Nền tảng đô thị thông minh Hà Nội',
      CreationDate: input.createdAt,
      ModDate: input.createdAt,
    },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN * 2;
  const text = (value: string, options: PDFKit.Mixins.TextOptions = {}) =>
    doc.text(printable(value), { ...WHOLE, ...options });
  const textAt = (value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) =>
    doc.text(printable(value), x, y, { ...WHOLE, ...options });

  doc.fillColor(colours.text);
  // Heading: the issuing agency on the left, the national motto on the right.
  const top = doc.y;
  doc.font('bold').fontSize(9);
  text(input.agency.nameVi.toUpperCase(), { width: width * 0.45, align: 'center' });
  doc.font('regular').fontSize(8).fillColor(colours.muted);
  text(input.agency.nameEn, { width: width * 0.45, align: 'center' });
  const leftBottom = doc.y;
  doc.fillColor(colours.text).font('bold').fontSize(9);
  textAt('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', MARGIN + width * 0.45, top, {
    width: width * 0.55,
    align: 'center',
  });
  text('Độc lập - Tự do - Hạnh phúc', { width: width * 0.55, align: 'center' });
  doc.font('regular').fontSize(8).fillColor(colours.muted);
  text('Socialist Republic of Viet Nam — Independence, Freedom, Happiness', {
    width: width * 0.55,
    align: 'center',
  });
  doc.x = MARGIN;
  doc.y = Math.max(leftBottom, doc.y) + 12;

  if (input.banner) {
    const y = doc.y;
    doc.rect(MARGIN, y, width, 30).lineWidth(1).strokeColor(colours.demo).stroke();
    doc.font('bold').fontSize(8.5).fillColor(colours.demo);
    textAt(input.banner, MARGIN + 6, y + 5, { width: width - 12, align: 'center' });
    doc.x = MARGIN;
    doc.y = y + 42;
  }

  doc.fillColor(colours.text).font('bold').fontSize(16);
  text(input.titleVi.toUpperCase(), { width, align: 'center' });
  doc.font('regular').fontSize(11).fillColor(colours.muted);
  text(input.titleEn, { width, align: 'center' });
  doc.moveDown(1.2);

  const row = (labelVi: string, labelEn: string, value: string) => {
    const y = doc.y;
    doc.font('bold').fontSize(10).fillColor(colours.text);
    textAt(labelVi, MARGIN, y, { width: width * 0.38 });
    doc.font('regular').fontSize(8).fillColor(colours.muted);
    text(labelEn, { width: width * 0.38 });
    const labelBottom = doc.y;
    doc.font('regular').fontSize(10.5).fillColor(colours.text);
    textAt(value, MARGIN + width * 0.4, y, { width: width * 0.6 });
    doc.x = MARGIN;
    doc.y = Math.max(labelBottom, doc.y) + 4;
    doc
      .moveTo(MARGIN, doc.y)
      .lineTo(MARGIN + width, doc.y)
      .lineWidth(0.4)
      .strokeColor(colours.rule)
      .stroke();
    doc.y += 5;
  };
  for (const field of input.rows) row(field.labelVi, field.labelEn, field.value);

  // The QR code, drawn as vector squares, and a link over it.
  const qr = QRCode.create(input.qr.url, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const side = 110;
  const cell = side / (size + 8);
  const qrX = MARGIN;
  const qrY = Math.min(doc.y + 14, doc.page.height - MARGIN - side - 10);
  doc.rect(qrX, qrY, side, side).fillColor('#ffffff').fill();
  doc.fillColor('#000000');
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (qr.modules.get(r, c)) doc.rect(qrX + (c + 4) * cell, qrY + (r + 4) * cell, cell, cell).fill();
  doc.link(qrX, qrY, side, side, input.qr.url);
  doc.fillColor(colours.text).font('bold').fontSize(9.5);
  textAt(input.qr.heading, qrX + side + 12, qrY + 14, {
    width: width - side - 12,
  });
  doc.font('regular').fontSize(9);
  text('Quét mã QR hoặc mở địa chỉ / Scan the QR code or open:', { width: width - side - 12 });
  doc.fillColor('#1c4f9c');
  text(input.qr.url, { width: width - side - 12, link: input.qr.url, underline: true });
  doc.fillColor(colours.muted).fontSize(8.5).moveDown(0.5);
  text(input.qr.footer, { width: width - side - 12 });
  doc.end();
  return finished;
}
