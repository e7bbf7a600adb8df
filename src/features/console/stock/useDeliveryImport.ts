import { useCallback, useRef, useState } from 'react';
import type { StockImportResponse } from '../../../domain/stock/stock';
import type { ImportRowError } from '../../../domain/workOrder/imports';
import type { ApiClient, ApiError } from '../../../sync';
import { importStockDelivery } from '../../../consoleApi/stock';
import { checkImportFile, type FileProblem } from '../import/checkFile';

export type DeliveryImportPhase =
  | { kind: 'idle' }
  | { kind: 'fileProblem'; file: File; problem: FileProblem }
  | { kind: 'checking'; file: File }
  | { kind: 'errors'; file: File; errors: ImportRowError[] }
  | { kind: 'clean'; file: File; result: StockImportResponse }
  | { kind: 'importing'; file: File; result: StockImportResponse }
  | { kind: 'done'; file: File; result: StockImportResponse }
  | { kind: 'failed'; file: File; error: ApiError };

/** The work-order import's flow for the warehouse's delivery list: dry run, then the import of the same clean file. */
export function useDeliveryImport(api: ApiClient, teamId: string | undefined, onImported: () => void) {
  const [phase, setPhase] = useState<DeliveryImportPhase>({ kind: 'idle' });
  const current = useRef<File | null>(null);

  const send = useCallback(
    async (file: File, dryRun: boolean, dry?: StockImportResponse) => {
      current.current = file;
      if (dryRun) {
        const problem = checkImportFile(file);
        if (problem !== null) return setPhase({ kind: 'fileProblem', file, problem });
        setPhase({ kind: 'checking', file });
      } else if (dry !== undefined) setPhase({ kind: 'importing', file, result: dry });
      const result = await importStockDelivery(api, file, { dryRun, teamId });
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

  return { phase, check: (file: File) => send(file, true), run: (file: File, dry: StockImportResponse) => send(file, false, dry) };
}
