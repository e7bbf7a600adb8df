import { fileURLToPath } from 'node:url';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  convertMillimetersToTwip,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import PDFDocument from 'pdfkit';
import type { LetterBlock, RoadmapLetter } from '../../src/domain/campaign/letter';

/*
 * The roadmap letter drawn two ways from one structured document (src/domain/campaign/letter.ts): a PDF with
 * pdfkit and an editable Word document with `docx`. Neither adds a word of its own. Margins after Nghị định
 * 30/2020/NĐ-CP: top and bottom 20 mm, left 30 mm, right 15 mm; A4. The PDF's paragraphs are ragged right, not
 * justified: pdfkit justifies by placing words apart, and the spaces then vanish from copied or searched text.
 */

export type LetterFormat = 'pdf' | 'docx';

/**
 * Nghị định 30/2020/NĐ-CP sets administrative letters in Times New Roman. Liberation Serif (SIL OFL 1.1, from
 * Debian's fonts-liberation2) has Times New Roman's metrics and every Vietnamese letter, and may be embedded; the
 * Word document names Times New Roman itself.
 */
const FONT_REGULAR = fileURLToPath(new URL('../assets/fonts/LiberationSerif-Regular.ttf', import.meta.url));
const FONT_BOLD = fileURLToPath(new URL('../assets/fonts/LiberationSerif-Bold.ttf', import.meta.url));

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** The body in 13 pt, the header's columns and the recipients in 12 (NĐ 30: 13–14 and 12–13). */
const SIZE = 13;
const SMALL = 12;
/** The header's two columns: the issuing body (left) and the national title (right). */
const LEFT_COL = WIDTH * 0.42;
const RIGHT_COL = WIDTH - LEFT_COL;
/** The schedule's column widths, as shares of the text width. */
const TABLE_SHARES = [0.09, 0.37, 0.18, 0.18, 0.18];

// ---------------------------------------------------------------------------------------------------------------
// PDF

export function renderLetterPdf(letter: RoadmapLetter): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    info: { Title: letter.title, Author: letter.issuingBody, Creator: 'meterswap' },
    bufferPages: false,
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGIN.left;
  const right = MARGIN.left + LEFT_COL;
  const centered = (text: string, x: number, y: number, width: number, font: 'regular' | 'bold', size: number) => {
    doc.font(font).fontSize(size).text(text, x, y, { width, align: 'center' });
    return doc.y;
  };
  /** A short rule centred under a line of the header. */
  const rule = (x: number, width: number, y: number, length: number) => {
    const from = x + (width - length) / 2;
    doc
      .moveTo(from, y + 1)
      .lineTo(from + length, y + 1)
      .lineWidth(0.6)
      .stroke();
  };

  // Header: issuing body | national title and motto.
  const top = MARGIN.top;
  let yLeft = top;
  if (letter.parentBody !== '') yLeft = centered(letter.parentBody, left, yLeft, LEFT_COL, 'regular', SMALL);
  yLeft = centered(letter.issuingBody, left, yLeft, LEFT_COL, 'bold', SMALL);
  rule(left, LEFT_COL, yLeft, LEFT_COL * 0.35);
  let yRight = centered(letter.nationalTitle, right, top, RIGHT_COL, 'bold', SMALL);
  yRight = centered(letter.motto, right, yRight, RIGHT_COL, 'bold', SIZE);
  rule(right, RIGHT_COL, yRight, doc.font('bold').fontSize(SIZE).widthOfString(letter.motto));

  // Number and subject | place and date.
  const second = Math.max(yLeft, yRight) + 10;
  let y2Left = centered(letter.number, left, second, LEFT_COL, 'regular', SIZE);
  y2Left = centered(letter.subject, left, y2Left + 2, LEFT_COL, 'regular', SMALL);
  const y2Right = centered(letter.placeDate, right, second, RIGHT_COL, 'regular', SIZE);

  // Kính gửi.
  let y = Math.max(y2Left, y2Right) + 18;
  doc.font('regular').fontSize(SIZE).text(letter.recipient, left, y, { width: WIDTH, align: 'center' });
  y = doc.y + 10;
  doc.x = left;
  doc.y = y;

  for (const block of letter.body) pdfBlock(doc, block);

  // Nơi nhận | signer, side by side, kept together on one page.
  const footerHeight = 24 + 14 * Math.max(letter.recipients.length + 1, letter.signerTitle.length + 5);
  if (doc.y + footerHeight > PAGE.height - MARGIN.bottom) doc.addPage();
  const footer = doc.y + 12;
  doc.font('bold').fontSize(SMALL).text(letter.recipientsTitle, left, footer, { width: LEFT_COL });
  doc.font('regular').fontSize(SMALL - 1);
  for (const line of letter.recipients) doc.text(line, left, doc.y, { width: LEFT_COL });
  let ySigner = footer;
  for (const line of letter.signerTitle) ySigner = centered(line, right, ySigner, RIGHT_COL, 'bold', SIZE);
  centered(letter.signerName, right, ySigner + 60, RIGHT_COL, 'bold', SIZE);

  doc.end();
  return done;
}

function pdfBlock(doc: PDFKit.PDFDocument, block: LetterBlock): void {
  const left = MARGIN.left;
  switch (block.kind) {
    case 'paragraph':
      doc
        .font(block.bold === true ? 'bold' : 'regular')
        .fontSize(SIZE)
        .text(block.text, left, doc.y, { width: WIDTH, indent: block.bold === true ? 0 : 28, paragraphGap: 6, lineGap: 1.5 });
      return;
    case 'bullets':
      for (const item of block.items) {
        doc
          .font('regular')
          .fontSize(SIZE)
          .text(`- ${item}`, left + 14, doc.y, { width: WIDTH - 14, paragraphGap: 3, lineGap: 1.5 });
      }
      doc.moveDown(0.3);
      return;
    case 'table':
      pdfTable(doc, block);
      return;
  }
}

function pdfTable(doc: PDFKit.PDFDocument, table: Extract<LetterBlock, { kind: 'table' }>): void {
  const widths = TABLE_SHARES.map((share) => share * WIDTH);
  const padding = 4;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(SMALL);
    const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * padding }));
    const height = Math.max(...heights) + 2 * padding;
    if (doc.y + height > PAGE.height - MARGIN.bottom) doc.addPage();
    const top = doc.y;
    let x = MARGIN.left;
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 0;
      doc.lineWidth(0.5).rect(x, top, width, height).stroke();
      doc.text(cell, x + padding, top + padding, { width: width - 2 * padding, align: i === 1 ? 'left' : 'center' });
      x += width;
    });
    doc.x = MARGIN.left;
    doc.y = top + height;
  };
  drawRow(table.header, true);
  for (const row of table.rows) drawRow(row, false);
  drawRow(table.total, true);
  doc.moveDown(0.6);
}

// ---------------------------------------------------------------------------------------------------------------
// DOCX

const TIMES = 'Times New Roman';
/** Half-points: 13 pt body, 12 pt header and table. */
const D_SIZE = 26;
const D_SMALL = 24;
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };
const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const D_WIDTH = convertMillimetersToTwip(210 - 30 - 15);

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

function run(text: string, style: RunStyle = {}): TextRun {
  const strong = style.bold === true;
  const slanted = style.italics === true;
  // Typed apart: TextRun also takes a plain string, and the linter then reads `bold` as String.prototype.bold.
  const options: IRunOptions = { text, font: TIMES, size: style.size ?? D_SIZE, bold: strong, italics: slanted };
  return new TextRun(options);
}

function centeredLine(children: ParagraphChild[], options: { after?: number } = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: options.after ?? 0 }, children });
}

/** A short centred rule (a bottom border between indents) under a header line, `share` of the cell wide. */
function rule(cellWidth: number, share: number): Paragraph {
  const indent = Math.round((cellWidth * (1 - share)) / 2);
  return new Paragraph({ indent: { left: indent, right: indent }, spacing: { after: 120 }, border: { bottom: LINE }, children: [] });
}

function headerCell(children: Paragraph[], width: number): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
  });
}

function docxBlock(block: LetterBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph':
      return [
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { before: 60, after: 60, line: 300 },
          indent: block.bold === true ? undefined : { firstLine: convertMillimetersToTwip(10) },
          children: [run(block.text, { bold: block.bold === true })],
        }),
      ];
    case 'bullets':
      return block.items.map(
        (item) =>
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            spacing: { after: 40, line: 300 },
            indent: { left: convertMillimetersToTwip(10), hanging: convertMillimetersToTwip(4) },
            children: [run(`- ${item}`)],
          }),
      );
    case 'table': {
      const widths = TABLE_SHARES.map((share) => Math.round(share * D_WIDTH));
      const row = (cells: string[], bold: boolean, header = false) =>
        new TableRow({
          tableHeader: header,
          cantSplit: true,
          children: cells.map(
            (cell, i) =>
              new TableCell({
                width: { size: widths[i] ?? 0, type: WidthType.DXA },
                verticalAlign: VerticalAlignTable.CENTER,
                margins: { top: 40, bottom: 40, left: 80, right: 80 },
                children: [
                  new Paragraph({
                    alignment: i === 1 && !header ? AlignmentType.LEFT : AlignmentType.CENTER,
                    children: [run(cell, { bold, size: D_SMALL })],
                  }),
                ],
              }),
          ),
        });
      return [
        new Table({
          width: { size: D_WIDTH, type: WidthType.DXA },
          columnWidths: widths,
          rows: [row(block.header, true, true), ...block.rows.map((cells) => row(cells, false)), row(block.total, true)],
        }),
        new Paragraph({ children: [] }),
      ];
    }
  }
}

export async function renderLetterDocx(letter: RoadmapLetter): Promise<Buffer> {
  const left = Math.round(D_WIDTH * 0.42);
  const right = D_WIDTH - left;
  const header = new Table({
    width: { size: D_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          headerCell(
            [
              ...(letter.parentBody === '' ? [] : [centeredLine([run(letter.parentBody, { size: D_SMALL })])]),
              centeredLine([run(letter.issuingBody, { bold: true, size: D_SMALL })]),
              rule(left, 0.35),
              centeredLine([run(letter.number)]),
              centeredLine([run(letter.subject, { size: D_SMALL })]),
            ],
            left,
          ),
          headerCell(
            [
              centeredLine([run(letter.nationalTitle, { bold: true, size: D_SMALL })]),
              centeredLine([run(letter.motto, { bold: true })]),
              rule(right, 0.55),
              centeredLine([run(letter.placeDate, { italics: true })]),
            ],
            right,
          ),
        ],
      }),
    ],
  });
  const footer = new Table({
    width: { size: D_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          headerCell(
            [
              new Paragraph({ children: [run(letter.recipientsTitle, { bold: true, italics: true, size: D_SMALL })] }),
              ...letter.recipients.map((line) => new Paragraph({ children: [run(line, { size: 22 })] })),
            ],
            left,
          ),
          headerCell(
            [
              ...letter.signerTitle.map((line) => centeredLine([run(line, { bold: true })])),
              ...Array.from({ length: 4 }, () => new Paragraph({ children: [] })),
              centeredLine([run(letter.signerName, { bold: true })]),
            ],
            right,
          ),
        ],
      }),
    ],
  });
  const doc = new Document({
    creator: letter.issuingBody,
    title: letter.title,
    styles: { default: { document: { run: { font: TIMES, size: D_SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(20),
              bottom: convertMillimetersToTwip(20),
              left: convertMillimetersToTwip(30),
              right: convertMillimetersToTwip(15),
            },
          },
        },
        children: [
          header,
          new Paragraph({ spacing: { before: 240, after: 240 }, alignment: AlignmentType.CENTER, children: [run(letter.recipient)] }),
          ...letter.body.flatMap(docxBlock),
          footer,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** One letter in the chosen format (what a worker thread of ./pdfRenderer.ts runs). */
export function renderLetter(letter: RoadmapLetter, format: LetterFormat): Promise<Buffer> {
  return format === 'pdf' ? renderLetterPdf(letter) : renderLetterDocx(letter);
}
