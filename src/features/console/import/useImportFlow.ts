import { useCallback, useRef, useState } from 'react';
import type { ImportResponse } from '../../../domain/workOrder/imports';
import type { ApiClient, ApiError } from '../../../sync';
import { importWorkOrders } from '../../../consoleApi/imports';
import { checkImportFile } from './checkFile';
import type { CsvImportPhase } from './useCsvImport';

export type ImportPhase =
  | Exclude<CsvImportPhase<ImportResponse>, { kind: 'failed' }>
  | { kind: 'failed'; file: File; error: ApiError; step: 'check' | 'import'; result?: ImportResponse };

/**
 * Dry run first, the real import only after a clean dry run of the same file: nothing is imported while the
 * file has errors. A newer file picked while a request runs wins; the older answer is dropped.
 */
export function useImportFlow(api: ApiClient, teamId: string | undefined) {
  const [phase, setPhase] = useState<ImportPhase>({ kind: 'idle' });
  const current = useRef<File | null>(null);

  const check = useCallback(
    async (file: File) => {
      current.current = file;
      const problem = checkImportFile(file);
      if (problem !== null) {
        setPhase({ kind: 'fileProblem', file, problem });
        return;
      }
      setPhase({ kind: 'checking', file });
      const result = await importWorkOrders(api, file, { dryRun: true, teamId });
      if (current.current !== file) return;
      if (result.ok) setPhase({ kind: 'clean', file, result: result.value });
      else if (result.error.code === 'IMPORT_INVALID' && result.error.rowErrors !== undefined)
        setPhase({ kind: 'errors', file, errors: result.error.rowErrors });
      else setPhase({ kind: 'failed', file, error: result.error, step: 'check' });
    },
    [api, teamId],
  );

  const run = useCallback(
    async (file: File, dryRunResult: ImportResponse) => {
      setPhase({ kind: 'importing', file, result: dryRunResult });
      const result = await importWorkOrders(api, file, { dryRun: false, teamId });
      if (current.current !== file) return;
      if (result.ok) setPhase({ kind: 'done', file, result: result.value });
      else if (result.error.code === 'IMPORT_INVALID' && result.error.rowErrors !== undefined)
        // The data changed between the dry run and the import (e.g. a work order got done): show why.
        setPhase({ kind: 'errors', file, errors: result.error.rowErrors });
      else setPhase({ kind: 'failed', file, error: result.error, step: 'import', result: dryRunResult });
    },
    [api, teamId],
  );

  const reset = useCallback(() => {
    current.current = null;
    setPhase({ kind: 'idle' });
  }, []);

  return { phase, check, run, reset };
}
