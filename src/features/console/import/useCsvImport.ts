import { useCallback, useRef, useState } from 'react';
import type { ImportRowError } from '../../../domain/workOrder/imports';
import type { ApiClient, ApiError, ApiResult } from '../../../sync';
import { checkImportFile, type FileProblem } from './checkFile';

/** Where a CSV import with a dry run stands; `R` is the endpoint's answer (the dry run's, then the import's). */
export type CsvImportPhase<R> =
  | { kind: 'idle' }
  | { kind: 'fileProblem'; file: File; problem: FileProblem }
  | { kind: 'checking'; file: File }
  | { kind: 'errors'; file: File; errors: ImportRowError[] }
  | { kind: 'clean'; file: File; result: R }
  | { kind: 'importing'; file: File; result: R }
  | { kind: 'done'; file: File; result: R }
  | { kind: 'failed'; file: File; error: ApiError };

/** A CSV import endpoint's call (src/consoleApi): the file, a dry run or not, the team an admin names. */
export type CsvImportCall<R> = (api: ApiClient, file: Blob, options: { dryRun: boolean; teamId?: string | undefined }) => Promise<ApiResult<R>>;

/**
 * The work-order import's flow for another CSV (the billing file, the warehouse's delivery): dry run, then the
 * import of the same clean file. A newer file picked while a request runs wins; the older answer is dropped.
 */
export function useCsvImport<R>(call: CsvImportCall<R>, api: ApiClient, teamId: string | undefined, onImported: () => void) {
  const [phase, setPhase] = useState<CsvImportPhase<R>>({ kind: 'idle' });
  const current = useRef<File | null>(null);

  const send = useCallback(
    async (file: File, dryRun: boolean, dry?: R) => {
      current.current = file;
      if (dryRun) {
        const problem = checkImportFile(file);
        if (problem !== null) return setPhase({ kind: 'fileProblem', file, problem });
        setPhase({ kind: 'checking', file });
      } else if (dry !== undefined) setPhase({ kind: 'importing', file, result: dry });
      const result = await call(api, file, { dryRun, teamId });
      if (current.current !== file) return;
      if (result.ok) {
        setPhase({ kind: dryRun ? 'clean' : 'done', file, result: result.value });
        if (!dryRun) onImported();
      } else if (result.error.code === 'IMPORT_INVALID' && result.error.rowErrors !== undefined)
        setPhase({ kind: 'errors', file, errors: result.error.rowErrors });
      else setPhase({ kind: 'failed', file, error: result.error });
    },
    [call, api, teamId, onImported],
  );

  const reset = useCallback(() => {
    current.current = null;
    setPhase({ kind: 'idle' });
  }, []);

  return { phase, check: (file: File) => send(file, true), run: (file: File, dry: R) => send(file, false, dry), reset };
}
