import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { AnnouncementService } from '../services/announcementService';

/** The loudspeaker announcement (issue 15 §2) as plain text, one week or every week of the plan. */
export function announcementRoutes(api: Api, announcements: AnnouncementService): void {
  route(api, 'roadmaps.announcement', async ({ res, auth, query }) => {
    const result = await announcements.announcement(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    res.status(200);
    res.set('Content-Type', 'text/plain; charset=utf-8');
    res.set('Content-Disposition', `inline; filename="${result.value.filename}"`);
    res.send(result.value.text);
  });
}
