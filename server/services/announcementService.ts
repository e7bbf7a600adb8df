import { announcementsText, buildAnnouncements, type AnnouncementQuery } from '../../src/domain/campaign/announcement';
import { ok } from '../../src/domain/protocol/result';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import { failure, type Result } from './result';
import { findCommune, roadmapOf } from './roadmapService';

/** What a team is called when its name cannot be read (an order's team was deleted meanwhile). */
const FALLBACK_TEAM = 'Điện lực';

/**
 * The loudspeaker announcement of a commune's roadmap (issue 15 §2): the roadmap as `GET /roadmaps` reads it, with
 * the same scoping (another team's commune is NOT_FOUND), turned into one text per ISO week of its planned days.
 */
export function createAnnouncementService(store: Store) {
  async function announcement(auth: AuthContext, query: AnnouncementQuery): Promise<Result<{ text: string; filename: string }>> {
    return store.snapshot(async (tx) => {
      const ref = await findCommune(tx, auth, query.commune);
      if (!ref.ok) return ref;
      const roadmap = await roadmapOf(tx, ref.value);
      if (roadmap.days.length === 0) {
        return failure('ROADMAP_NOT_PLANNED', `${query.commune} has no planned day: make and confirm its roadmap first.`);
      }
      const team = await tx.teams.findById(ref.value.teamId);
      // The number read out: the one asked for, else the contact an admin saved for the team's letter (never the
      // letter's placeholder default: a wrong number read over the loudspeakers is worse than none).
      const phone = query.phone ?? (await tx.teamSettings.find(ref.value.teamId))?.settings.contactPhone;
      const weeks = buildAnnouncements({ roadmap, teamName: team?.name ?? FALLBACK_TEAM, phone });
      const chosen = query.week === undefined ? weeks : weeks.filter((w) => w.week === query.week);
      if (chosen.length === 0) {
        return failure('NOT_FOUND', `The roadmap of ${query.commune} plans nothing in week ${query.week ?? ''}.`, {
          errors: [{ path: 'week', code: 'not_planned', message: `Planned weeks: ${weeks.map((w) => w.week).join(', ')}.` }],
        });
      }
      const text = query.week === undefined ? announcementsText(chosen) : `${chosen[0]?.text ?? ''}\n`;
      return ok({ text, filename: `thong-bao-loa${query.week === undefined ? '' : `-${query.week}`}.txt` });
    });
  }

  return { announcement };
}

export type AnnouncementService = ReturnType<typeof createAnnouncementService>;
