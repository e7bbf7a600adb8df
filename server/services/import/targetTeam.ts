import { ok } from '../../../src/domain/protocol/result';
import type { Store } from '../../store/store';
import type { AuthContext } from '../authService';
import { failure, type Result } from '../result';

/**
 * The team an import goes into: a supervisor's own, or the admin's `?teamId=` (which must exist). `what` names the
 * file's rows in the messages ("work orders", "payment methods").
 */
export async function importTargetTeam(store: Store, auth: AuthContext, teamId: string | undefined, what: string): Promise<Result<string>> {
  if (auth.user.role === 'supervisor') {
    if (auth.user.teamId === null) return failure('FORBIDDEN', `A supervisor without a team cannot import ${what}.`);
    if (teamId !== undefined && teamId !== auth.user.teamId) return failure('FORBIDDEN', 'Supervisors import only into their own team.');
    return ok(auth.user.teamId);
  }
  if (teamId === undefined) {
    return failure('VALIDATION_FAILED', `Name the team the ${what} are for.`, {
      errors: [{ path: 'teamId', code: 'required', message: 'Add ?teamId= with the id of a team.' }],
    });
  }
  if ((await store.teams.findById(teamId)) === undefined) {
    return failure('VALIDATION_FAILED', 'No such team.', { errors: [{ path: 'teamId', code: 'not_found', message: 'Unknown team.' }] });
  }
  return ok(teamId);
}
