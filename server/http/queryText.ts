import type { FieldError } from '../../src/domain/protocol/errors';
import { TEXT_FAULT_MESSAGES, textFault } from '../../src/domain/protocol/text';
import { TEXT_ISSUE_CODE } from '../../src/domain/protocol/wireText';
import { AppError } from './problem';

/**
 * Every string of a parsed query string or path, checked with the wire-text rule before any schema sees it. The
 * schemas apply the rule too (src/domain/protocol/wireText.ts); this also covers parameters no schema names, so a decoded
 * `%00` can never reach a log line, a cursor or a query, whichever route it is sent to. Iterative: Express's parser
 * gives strings and arrays of strings, but nothing here relies on that.
 */
export function refuseBadText(input: unknown, what: string): void {
  const errors: FieldError[] = [];
  const stack: [string, unknown][] = [['', input]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [path, value] = next;
    if (typeof value === 'string') {
      const fault = textFault(value);
      if (fault !== null) errors.push({ path: path || '(root)', code: TEXT_ISSUE_CODE, message: TEXT_FAULT_MESSAGES[fault] });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, member] of Object.entries(value)) {
        const keyPath = path === '' ? key : `${path}.${key}`;
        const keyFault = textFault(key);
        if (keyFault !== null) errors.push({ path: '(name)', code: TEXT_ISSUE_CODE, message: TEXT_FAULT_MESSAGES[keyFault] });
        else stack.push([keyPath, member]);
      }
    }
  }
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `The ${what} is invalid.`, { errors: errors.reverse() });
}
