/**
 * The API side of an import run whole in the import worker (./importJobs.ts): the team and the upload's headers are
 * checked here and the body only counted and spooled; reading it (an untrusted file), checking it and writing it run
 * in the worker (./importWorkerPool.ts), so a long import never holds the API's event loop or its SQLite connection,
 * and a file that exhausts the worker's memory ends the worker, not the API.
 */
import type { Store } from '../../store/store';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import type { Result } from '../result';
import { refuseUpload, withSpooledBody, type CsvImportRequest, type SpooledImportTask } from './csvImport';
import type { ImportJobName, ImportJobs } from './importJobs';
import { runImportJob, type ImportWorkerOptions } from './importWorkerPool';
import { importTargetTeam } from './targetTeam';

export interface WorkerImportLimits extends ImportWorkerOptions {
  /** Largest body accepted (IMPORT_MAX_BYTES unless a test wants a small one). */
  maxBytes: number;
}

/** The jobs that take a whole spooled upload (read, checked and written in the worker). */
type SpooledJob = { [J in ImportJobName]: ImportJobs[J]['task'] extends SpooledImportTask ? J : never }[ImportJobName];

/** An import of `job` whose body is only counted and spooled here; `what` names the data in the team refusals. */
export function createWorkerImport<J extends SpooledJob>(job: J, what: string, store: Store, clock: Clock, limits: WorkerImportLimits) {
  // While the worker publishes (SQLite: holding the write lock), this process's writers wait for it asynchronously.
  const hold = () => store.holdWrites();

  async function importCsv(auth: AuthContext, request: CsvImportRequest): Promise<Result<ImportJobs[J]['value']>> {
    const team = await importTargetTeam(store, auth, request.teamId, what);
    if (!team.ok) return team;
    const refused = refuseUpload(request, limits.maxBytes);
    if (refused) return refused;
    const task = { location: store.location, teamId: team.value, actorId: auth.user.id, dryRun: request.dryRun, at: clock.now().toISOString() };
    return withSpooledBody(request.body, limits.maxBytes, (spoolPath) => runImportJob(job, { ...task, spoolPath }, hold, limits));
  }

  return { importCsv };
}
