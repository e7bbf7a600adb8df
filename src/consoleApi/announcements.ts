import { communeSlug } from '../domain/campaign/publicPage';
import { routePath } from '../domain/protocol/endpoints';
import { API_BASE } from '../sync/api';

// Plain same-origin links, like the CSV export (src/consoleApi/exports.ts): the browser opens or saves the text itself.

/** `GET /api/v1/roadmaps/announcement.txt?commune&week&phone`: the loudspeaker announcement as plain text. */
export function announcementTxtUrl(commune: string, options: { week?: string; phone?: string } = {}): string {
  const params = new URLSearchParams({ commune });
  if (options.week !== undefined && options.week !== '') params.set('week', options.week);
  if (options.phone !== undefined && options.phone.trim() !== '') params.set('phone', options.phone.trim());
  return `${API_BASE}${routePath('roadmaps.announcement')}?${params.toString()}`;
}

/** The commune's public progress page (`/cong-khai/<slug>`, served by the server, no sign-in). */
export function publicPageUrl(commune: string, province: string): string {
  return `/cong-khai/${communeSlug(commune, province)}`;
}
