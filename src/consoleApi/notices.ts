import type { NoticeOverview, NoticeOverviewQuery } from '../domain/campaign/notices';
import { routePath } from '../domain/protocol/endpoints';
import { API_BASE, type ApiClient, type ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `GET /api/v1/notices`: counts per status, the newest messages, the open orders no notice can reach. */
export function fetchNoticeOverview(api: ApiClient, query: NoticeOverviewQuery): Promise<ApiResult<NoticeOverview>> {
  return callEndpoint(api, 'notices.overview', { query: { ...query } });
}

/** `GET /api/v1/notices.csv`: the whole queue as a download (a plain link: the browser saves it). */
export function noticesCsvUrl(teamId: string | undefined): string {
  const path = `${API_BASE}${routePath('notices.csv')}`;
  return teamId === undefined || teamId === '' ? path : `${path}?teamId=${encodeURIComponent(teamId)}`;
}
