import { inflateSync } from 'node:zlib';

/**
 * Just enough of a PDF reader to get the text pdfkit writes back out, so a test can check that Vietnamese text
 * is extractable (what a search, a screen reader or copy-paste sees): objects and their (Flate) streams, the
 * fonts' ToUnicode CMaps, and the hex strings of TJ/Tj operators in the page content streams, decoded with the
 * CMap of the font selected by the last Tf. Text blocks (BT … ET) come out one per line.
 */
interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\b/g;
  for (let m = header.exec(raw); m !== null; m = header.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endobj', start);
    const body = raw.slice(start, end);
    const streamAt = body.indexOf('stream');
    if (streamAt < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? -1);
    let dataStart = start + streamAt + 'stream'.length;
    if (raw[dataStart] === '\r') dataStart += 1;
    if (raw[dataStart] === '\n') dataStart += 1;
    const bytes = pdf.subarray(dataStart, length >= 0 ? dataStart + length : start + body.lastIndexOf('endstream'));
    objects.set(Number(m[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(bytes) : bytes });
    header.lastIndex = end;
  }
  return objects;
}

const utf16 = (hex: string): string => {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return text;
};

/** bfchar `<code> <unicode>` and bfrange `<lo> <hi> <unicode>` / `<lo> <hi> [<u> …]` entries. */
function parseCMap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code = '', uni = ''] of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(code, 16), utf16(uni));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo = '', hi = '', dst = ''] of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(lo, 16);
      const to = parseInt(hi, 16);
      if (dst.startsWith('[')) {
        [...dst.matchAll(/<([0-9a-fA-F]+)>/g)].forEach(([, u = ''], i) => map.set(from + i, utf16(u)));
      } else {
        const base = parseInt(dst.slice(1, -1), 16);
        for (let c = from; c <= to; c++) map.set(c, String.fromCharCode(base + c - from));
      }
    }
  }
  return map;
}

/** The text of every page of a pdfkit PDF, one line per text block. */
export function pdfText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  const cmapOf = new Map<string, Map<number, string>>();
  for (const obj of objects.values()) {
    const fonts = /\/Font\s*<<([^>]*)>>/.exec(obj.dict)?.[1];
    if (fonts === undefined) continue;
    for (const [, name = '', ref = ''] of fonts.matchAll(/\/(\S+)\s+(\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(Number(ref))?.dict ?? '')?.[1];
      const cmap = objects.get(Number(toUnicode))?.stream;
      if (cmap) cmapOf.set(name, parseCMap(cmap.toString('latin1')));
    }
  }
  const lines: string[] = [];
  for (const obj of objects.values()) {
    const content = obj.stream?.toString('latin1') ?? '';
    if (!/\bTf\b/.test(content)) continue;
    let cmap = new Map<number, string>();
    let line = '';
    for (const [token] of content.matchAll(/\/\S+\s+[\d.]+\s+Tf|<[0-9a-fA-F]*>|\bET\b/g)) {
      if (token.endsWith('Tf')) {
        cmap = cmapOf.get(/\/(\S+)/.exec(token)?.[1] ?? '') ?? new Map<number, string>();
      } else if (token === 'ET') {
        lines.push(line);
        line = '';
      } else {
        const hex = token.slice(1, -1);
        for (let i = 0; i + 4 <= hex.length; i += 4) line += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
      }
    }
  }
  return lines.join('\n');
}
