import type { Request } from 'express';
import { sendCsvFile } from '../http/csvFile';
import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { NoticeService } from '../services/notices/noticeService';
import { SIGNATURE_HEADER } from '../services/notices/signature';

/** A receipt is a few hundred bytes; more is not a receipt. */
const RECEIPT_MAX_BYTES = 16 * 1024;

/** The raw body, as signed: the signature covers these exact bytes, so the body is not parsed before it is checked. */
async function readReceiptBody(req: Request): Promise<string> {
  if (!req.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the receipt as application/json.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > RECEIPT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A receipt is at most ${RECEIPT_MAX_BYTES} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Customer notices (issue 15 §3): the gateway's delivery receipts and the CSV of the queue. */
export function noticeRoutes(api: Api, notices: NoticeService): void {
  route(api, 'notices.receipt', async ({ req }) => {
    const result = await notices.receipt(await readReceiptBody(req), req.get(SIGNATURE_HEADER));
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'notices.overview', async ({ auth, query }) => {
    const result = await notices.overview(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'notices.optOut', async ({ auth, params, query, body }) => {
    const result = await notices.setOptOut(auth, query.teamId, params.customerCode, body.optedOut);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'notices.csv', async ({ res, auth, query }) => {
    const result = await notices.csv(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return sendCsvFile(res, result.value);
  });
}
