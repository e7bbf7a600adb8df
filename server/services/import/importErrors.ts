import type { FieldError } from '../../../src/domain/protocol/errors';
import type { ImportRowError } from '../../../src/domain/workOrder/imports';
import type { WorkOrderStatus } from '../../../src/domain/workOrder/workOrder';
import type { ImportTarget } from '../../store/workOrders';
import { failure, type Failure } from '../result';

/** Errors listed in a refusal; the detail says how many there were in all. */
export const IMPORT_ERRORS_LISTED = 1000;
/** Statuses an import may still rewrite: nobody has been to the site yet. */
const UPDATABLE: readonly WorkOrderStatus[] = ['unassigned', 'assigned'];

/** Collects row errors, keeping the first IMPORT_ERRORS_LISTED and counting the rest. */
export class ErrorList {
  readonly listed: ImportRowError[] = [];
  total = 0;

  add(errors: readonly ImportRowError[]): void {
    for (const e of errors) {
      this.total += 1;
      if (this.listed.length < IMPORT_ERRORS_LISTED) this.listed.push(e);
    }
  }

  failure(): { ok: false; error: Failure } {
    const shown = this.total > this.listed.length ? `; the first ${this.listed.length} are listed` : '';
    // Each entry is an ImportRowError (line, column) and also a problem field error (path), as design §7 wants.
    // Database checks run per batch, after the rows' own checks: sort so the list reads top to bottom.
    const sorted = [...this.listed].sort((a, b) => a.line - b.line);
    const errors: FieldError[] = sorted.map((e) => ({ path: e.column === undefined ? `line ${e.line}` : `line ${e.line}.${e.column}`, ...e }));
    return failure('IMPORT_INVALID', `The file has ${this.total} error(s)${shown}; nothing was imported.`, { errors });
  }
}

/** Why an existing work order cannot take a row, or null when it can. */
export function refusal(
  target: Pick<ImportTarget, 'code' | 'teamId' | 'status'>,
  teamId: string,
  line: number,
  column: string,
): ImportRowError | null {
  if (target.teamId !== teamId) {
    return { line, column, code: 'other_team', message: `Work order ${target.code} belongs to another team.`, params: { value: target.code } };
  }
  if (!UPDATABLE.includes(target.status)) {
    return {
      line,
      column,
      code: 'not_updatable',
      message: `Work order ${target.code} is ${target.status}; only unassigned or assigned work can be updated.`,
      params: { value: target.code, status: target.status },
    };
  }
  return null;
}
