import type { Response } from 'express';

/** A CSV a service made whole (a report of a few thousand rows at most; the CMIS export streams instead). */
export interface CsvFile {
  filename: string;
  text: string;
}

/** Answers `file` as a download. The filename is the service's own (ASCII, no quotes), never a request's. */
export function sendCsvFile(res: Response, file: CsvFile): undefined {
  res.status(200);
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.send(file.text);
  return undefined;
}
