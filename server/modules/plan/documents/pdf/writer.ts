import PDFDocument from 'pdfkit';
import { drawTargetChart, type TargetChart } from './chart.ts';
import { FONT_CREDIT, faces, fontFiles, KEEP_LETTERS_WHOLE, printable } from './fonts.ts';

/**
 * A small layout layer over pdfkit for the report book: A4 pages with margins, headings,
 * paragraphs, badges, tables that break across pages (repeating their header) and charts. Every
 * string goes through `printable` and is drawn with the embedded Noto Sans, never a standard font.
 */
type Doc = InstanceType<typeof PDFDocument>;

export type TableColumn = { header: string; width: number; align?: 'left' | 'right' | 'center' };
export type TableRow = { cells: string[]; fill?: string | null; bold?: boolean };

const MARGIN = 42;
const colours = { text: '#212529', muted: '#495057', rule: '#ced4da', headerFill: '#e9ecef' };

export class PdfWriter {
  readonly doc: Doc;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Buffer>;
  private readonly footer: string;

  constructor(info: { title: string; subject: string; author: string; createdAt: Date; footer: string }) {
    const regular = faces.find((face) => face.name === 'regular')!;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
      bufferPages: true,
      // The default font is the embedded Noto Sans, so no standard (non-embedded) font is ever used.
      font: regular.path,
      lang: 'vi-VN',
      displayTitle: true,
      info: {
        Title: printable(info.title),
        Subject: printable(info.subject),
        Author: printable(info.author),
        Creator: 'Nền tảng đô thị thông minh Hà Nội',
        CreationDate: info.createdAt,
      },
    });
    const { bytes } = fontFiles();
    for (const face of faces) this.doc.registerFont(face.name, bytes.get(face.name)!);
    this.doc.font('regular').fontSize(10).fillColor(colours.text);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.finished = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.footer = info.footer;
  }

  get contentWidth() {
    return this.doc.page.width - MARGIN * 2;
  }

  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  newPage() {
    this.doc.addPage();
  }

  text(
    value: string,
    options: {
      size?: number;
      bold?: boolean;
      colour?: string;
      align?: 'left' | 'center' | 'right';
      gap?: number;
    } = {},
  ) {
    this.doc
      .font(options.bold ? 'bold' : 'regular')
      .fontSize(options.size ?? 10)
      .fillColor(options.colour ?? colours.text)
      .text(printable(value), MARGIN, this.doc.y, {
        width: this.contentWidth,
        align: options.align ?? 'left',
        features: KEEP_LETTERS_WHOLE,
      });
    this.doc.y += options.gap ?? 2;
  }

  heading(value: string, level: 1 | 2 | 3 = 1) {
    const size = { 1: 16, 2: 13, 3: 11 }[level];
    this.ensureSpace(size * 3);
    this.doc.y += level === 1 ? 6 : 4;
    this.text(value, { size, bold: true, gap: level === 1 ? 6 : 3 });
    if (level === 1) {
      this.doc
        .strokeColor(colours.rule)
        .lineWidth(0.7)
        .moveTo(MARGIN, this.doc.y)
        .lineTo(MARGIN + this.contentWidth, this.doc.y)
        .stroke();
      this.doc.y += 6;
    }
  }

  /** Rounded labels in a row (confidence, example, status), wrapping to the next line when full. */
  badges(items: { text: string; colour: string }[]) {
    const doc = this.doc.font('regular').fontSize(7.5);
    let x = MARGIN;
    let y = this.doc.y;
    for (const item of items) {
      const label = printable(item.text);
      const width = doc.widthOfString(label, { features: KEEP_LETTERS_WHOLE }) + 10;
      if (x + width > MARGIN + this.contentWidth) {
        x = MARGIN;
        y += 14;
      }
      doc.roundedRect(x, y, width, 12, 3).fill(item.colour);
      doc
        .fillColor('#ffffff')
        .text(label, x + 5, y + 1.8, { lineBreak: false, features: KEEP_LETTERS_WHOLE });
      x += width + 4;
    }
    this.doc.x = MARGIN;
    this.doc.y = y + 16;
  }

  chart(chart: TargetChart, height = 150) {
    this.ensureSpace(height + 6);
    const top = this.doc.y;
    drawTargetChart(this.doc, chart, { x: MARGIN, y: top, width: this.contentWidth, height });
    this.doc.x = MARGIN;
    this.doc.y = top + height + 6;
  }

  table(columns: TableColumn[], rows: TableRow[], options: { size?: number } = {}) {
    const size = options.size ?? 7.5;
    const scale = this.contentWidth / columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => column.width * scale);
    const padding = 3;
    const measure = (cells: string[], bold: boolean) =>
      Math.max(
        ...cells.map((cell, i) =>
          this.doc
            .font(bold ? 'bold' : 'regular')
            .fontSize(size)
            .heightOfString(printable(cell), {
              width: widths[i]! - padding * 2,
              features: KEEP_LETTERS_WHOLE,
            }),
        ),
      ) +
      padding * 2;
    const drawRow = (cells: string[], fill: string | null, bold: boolean) => {
      const height = measure(cells, bold);
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        drawHeader();
      }
      const top = this.doc.y;
      let x = MARGIN;
      if (fill) this.doc.rect(MARGIN, top, this.contentWidth, height).fill(fill);
      cells.forEach((cell, i) => {
        this.doc
          .font(bold ? 'bold' : 'regular')
          .fontSize(size)
          .fillColor(colours.text)
          .text(printable(cell), x + padding, top + padding, {
            width: widths[i]! - padding * 2,
            align: columns[i]!.align ?? 'left',
            features: KEEP_LETTERS_WHOLE,
          });
        x += widths[i]!;
      });
      this.doc
        .strokeColor(colours.rule)
        .lineWidth(0.4)
        .moveTo(MARGIN, top + height)
        .lineTo(MARGIN + this.contentWidth, top + height)
        .stroke();
      this.doc.x = MARGIN;
      this.doc.y = top + height;
    };
    const drawHeader = () =>
      drawRow(
        columns.map((column) => column.header),
        colours.headerFill,
        true,
      );
    this.ensureSpace(
      measure(
        columns.map((column) => column.header),
        true,
      ) + 20,
    );
    drawHeader();
    for (const row of rows) drawRow(row.cells, row.fill ?? null, row.bold ?? false);
    this.doc.y += 6;
  }

  /** Page numbers and the footer line on every page, then the finished file. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - MARGIN + 2;
      // Writing below the bottom margin must not start a new page.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('regular')
        .fontSize(7)
        .fillColor(colours.muted)
        .text(printable(`${this.footer} · Trang / Page ${i + 1}/${range.count}`), MARGIN, y, {
          width: this.contentWidth,
          align: 'left',
          lineBreak: false,
          features: KEEP_LETTERS_WHOLE,
        })
        .text(printable(FONT_CREDIT), MARGIN, y + 9, {
          width: this.contentWidth,
          align: 'left',
          lineBreak: false,
          features: KEEP_LETTERS_WHOLE,
        });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.finished;
  }
}
