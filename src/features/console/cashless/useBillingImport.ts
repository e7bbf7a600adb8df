import { useCallback, useRef, useState } from 'react';
import type { PaymentMethodImportResponse } from '../../../domain/console/cashless';
import type { ImportRowError } from '../../../domain/workOrder/imports';
import type { ApiClient, ApiError } from '../../../sync';
import { importPaymentMethods } from '../../../consoleApi/cashless';
import { checkImportFile, type FileProblem } from '../import/checkFile';

export type BillingImportPhase =
  | { kind: 'idle' }
  | { kind: 'fileProblem'; file: File; problem: FileProblem }
  | { kind: 'checking'; file: File }
  | { kind: 'errors'; file: File; errors: ImportRowError[] }
  | { kind: 'clean'; file: File; result: PaymentMethodImportResponse }
  | { kind: 'importing'; file: File; result: PaymentMethodImportResponse }
  | { kind: 'done'; file: File; result: PaymentMethodImportResponse }
  | { kind: 'failed'; file: File; error: ApiError };

/** The work-order import's flow for the billing file: dry run, then the import of the same clean file. */
export function useBillingImport(api: ApiClient, teamId: string | undefined, onImported: () => void) {
  const [phase, setPhase] = useState<BillingImportPhase>({ kind: 'idle' });
  const current = useRef<File | null>(null);

  const send = useCallback(
    async (file: File, dryRun: boolean, dry?: PaymentMethodImportResponse) => {
      current.current = file;
      if (dryRun) {
        const problem = checkImportFile(file);
        if (problem !== null) return setPhase({ kind: 'fileProblem', file, problem });
        setPhase({ kind: 'checking', file });
      } else if (dry !== undefined) setPhase({ kind: 'importing', file, result: dry });
      const result = await importPaymentMethods(api, file, { dryRun, teamId });
      if (current.current !== file) return;
      if (result.ok) {
        setPhase({ kind: dryRun ? 'clean' : 'done', file, result: result.value });
        if (!dryRun) onImported();
      } else if (result.error.code === 'IMPORT_INVALID' && result.error.rowErrors !== undefined)
        setPhase({ kind: 'errors', file, errors: result.error.rowErrors });
      else setPhase({ kind: 'failed', file, error: result.error });
    },
    [api, teamId, onImported],
  );

  const reset = useCallback(() => {
    current.current = null;
    setPhase({ kind: 'idle' });
  }, []);

  return {
    phase,
    check: (file: File) => send(file, true),
    run: (file: File, dry: PaymentMethodImportResponse) => send(file, false, dry),
    reset,
  };
}
