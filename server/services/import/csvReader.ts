import { Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import type { ImportRowError } from '../../../src/domain/workOrder/imports';

/** One record of the file with the 1-based line it starts on (a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export type CsvEvent = { kind: 'record'; record: CsvRecord } | { kind: 'error'; error: ImportRowError };

/** Longest record accepted (characters): a real row is well under 2,000. */
export const MAX_RECORD_CHARS = 64 * 1024;

/** The separator is guessed from the header line: whichever of `;` and `,` it holds more of (outside quotes). */
export function detectSeparator(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas += 1;
    else if (!quoted && ch === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

class EncodingError extends Error {
  constructor(readonly line: number) {
    super(`invalid UTF-8 near line ${line}`);
  }
}

const countNewlines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
};

/**
 * Decodes UTF-8 strictly (a BOM is dropped), one chunk at a time, counting lines so an encoding error names one.
 * The first line is held back until it is complete, because the separator is chosen from it.
 */
async function* decodeUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesBefore = 0;
  for await (const chunk of source) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const bad = lenient.indexOf('\uFFFD');
      throw new EncodingError(linesBefore + countNewlines(bad === -1 ? lenient : lenient.slice(0, bad)) + 1);
    }
    linesBefore += countNewlines(text);
    if (text !== '') yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw new EncodingError(linesBefore + 1);
  }
}

/** Splits the decoded text into the first line (for separator detection) and an iterator of everything. */
async function firstLine(text: AsyncGenerator<string>): Promise<{ head: string; all: AsyncIterable<string> }> {
  let head = '';
  let done = false;
  // Bounded: a file without any newline is refused by the parser's record size limit, not held here.
  while (!head.includes('\n') && !done && head.length <= MAX_RECORD_CHARS) {
    const next = await text.next();
    if (next.done === true) done = true;
    else head += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    if (head !== '') yield head;
    if (!done) yield* text;
  }
  return { head: head.split('\n', 1)[0] ?? '', all: all() };
}

const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

interface ParsedRecord {
  record: string[];
  info: Info;
}

/**
 * Reads a CSV as a stream of records (csv-parse 7's streaming API), never holding the file: UTF-8 with or without
 * BOM, `,` or `;`, CRLF or LF, quoted fields across lines. Blank lines are skipped. Each record carries the line it
 * starts on: csv-parse counts a CRLF inside quotes twice, so lines are counted here from the records' own newlines
 * and csv-parse's count of skipped empty lines. A broken file ends with one error event.
 */
export async function* readCsv(source: AsyncIterable<Uint8Array>): AsyncGenerator<CsvEvent> {
  let nextLine = 1;
  let emptyLinesSeen = 0;
  try {
    const { head, all } = await firstLine(decodeUtf8(source));
    const parser = parse({
      delimiter: detectSeparator(head),
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      // A runaway quote would otherwise gather the rest of the file into one field in memory.
      max_record_size: MAX_RECORD_CHARS,
    });
    const input = Readable.from(all);
    input.on('error', (error) => parser.destroy(error));
    input.pipe(parser);
    try {
      for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
        const { record, info } = parsed;
        const line = nextLine + (info.empty_lines - emptyLinesSeen);
        emptyLinesSeen = info.empty_lines;
        nextLine = line + countNewlines(record.join('')) + 1;
        if (!isBlank(record)) yield { kind: 'record', record: { line, cells: record } };
      }
    } finally {
      // The consumer stopped early (a refusal): stop pulling the body too.
      input.destroy();
    }
  } catch (error) {
    if (error instanceof EncodingError) {
      yield {
        kind: 'error',
        error: {
          line: error.line,
          code: 'invalid_encoding',
          message: 'The file is not UTF-8 text: save it again as "CSV UTF-8" and import that file.',
        },
      };
      return;
    }
    if (isCsvError(error)) {
      // csv-parse fails while parsing a chunk, before its earlier records reach us: its own line count is closer.
      const line = typeof error.lines === 'number' && error.lines > nextLine ? error.lines : nextLine;
      yield {
        kind: 'error',
        error: { line, code: 'column_count', message: `The CSV structure is broken from this line (${error.code}): check its quotes.` },
      };
      return;
    }
    throw error;
  }
}

function isCsvError(error: unknown): error is Error & { code: string; lines?: unknown } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('CSV_');
}
