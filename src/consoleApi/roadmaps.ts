import type { Roadmap, RoadmapCommuneList, RoadmapConfirmRequest, RoadmapProposal, RoadmapProposalRequest } from '../domain/campaign/roadmap';
import { routePath } from '../domain/protocol/endpoints';
import { API_BASE, type ApiClient, type ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `GET /api/v1/roadmaps/communes`: the team's communes with their orders' counts, for the picker. */
export function fetchRoadmapCommunes(api: ApiClient): Promise<ApiResult<RoadmapCommuneList>> {
  return callEndpoint(api, 'roadmaps.communes', {});
}

/** `GET /api/v1/roadmaps?commune=…`: the commune's hamlets with counts and planned dates, and its planned days. */
export function fetchRoadmap(api: ApiClient, commune: string): Promise<ApiResult<Roadmap>> {
  return callEndpoint(api, 'roadmaps.get', { query: { commune } });
}

/** `POST /api/v1/roadmaps/proposals`: proposed days for the commune's plannable orders; nothing is written. */
export function proposeRoadmap(api: ApiClient, request: RoadmapProposalRequest): Promise<ApiResult<RoadmapProposal>> {
  return callEndpoint(api, 'roadmaps.propose', { json: request });
}

/** `PUT /api/v1/roadmaps`: the adjusted plan becomes the orders' planned dates and assignments; all or nothing. */
export function confirmRoadmap(api: ApiClient, request: RoadmapConfirmRequest): Promise<ApiResult<Roadmap>> {
  return callEndpoint(api, 'roadmaps.confirm', { json: request });
}

/**
 * `GET /api/v1/roadmaps/letter.pdf|docx?commune=…`: the letter to the commune's People's Committee. A plain
 * same-origin link, like the other downloads (./exports.ts): the browser saves the file itself.
 */
export function roadmapLetterUrl(commune: string, format: 'pdf' | 'docx'): string {
  const path = routePath(format === 'pdf' ? 'roadmaps.letterPdf' : 'roadmaps.letterDocx');
  return `${API_BASE}${path}?commune=${encodeURIComponent(commune)}`;
}
