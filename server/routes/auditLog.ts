import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { AuditLogService } from '../services/auditLogService';

/** Who did what, for auditors (admins only: the entries hold every team's records and every account's changes). */
export function auditLogRoutes(api: Api, auditLog: AuditLogService): void {
  route(api, 'auditLog.list', async ({ query }) => {
    const result = await auditLog.list(query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });
}
