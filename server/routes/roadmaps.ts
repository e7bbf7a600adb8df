import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import { DOCX_CONTENT_TYPE } from '../../src/domain/protocol/endpoints';
import type { RoadmapLetterService } from '../services/roadmapLetterService';
import type { RoadmapService } from '../services/roadmapService';

/** The commune's roadmap (issue 15 §1): supervisors plan their own team's communes, admins any. */
export function roadmapRoutes(api: Api, roadmaps: RoadmapService, letters: RoadmapLetterService): void {
  route(api, 'roadmaps.communes', ({ auth }) => roadmaps.communes(auth));

  route(api, 'roadmaps.get', async ({ auth, query }) => {
    const result = await roadmaps.get(auth, query.commune);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'roadmaps.propose', async ({ auth, body }) => {
    const result = await roadmaps.propose(auth, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'roadmaps.confirm', async ({ auth, body }) => {
    const result = await roadmaps.confirm(auth, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'roadmaps.letterPdf', async ({ res, auth, query }) => {
    const result = await letters.letter(auth, query.commune, 'pdf');
    if (!result.ok) throw AppError.fromFailure(result.error);
    res.status(200);
    res.set('Content-Type', 'application/pdf');
    res.set('Content-Disposition', `inline; filename="${result.value.filename}"`);
    res.send(result.value.bytes);
  });

  route(api, 'roadmaps.letterDocx', async ({ res, auth, query }) => {
    const result = await letters.letter(auth, query.commune, 'docx');
    if (!result.ok) throw AppError.fromFailure(result.error);
    res.status(200);
    res.set('Content-Type', DOCX_CONTENT_TYPE);
    res.set('Content-Disposition', `attachment; filename="${result.value.filename}"`);
    res.send(result.value.bytes);
  });
}
