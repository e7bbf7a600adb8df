import { buildRoadmapLetter } from '../../src/domain/campaign/letter';
import { ok } from '../../src/domain/protocol/result';
import { isoDayInVietnam } from '../../src/domain/time/time';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import type { LetterFormat } from './letterRender';
import type { PdfRenderer } from './pdfRenderer';
import type { Result } from './result';
import type { RoadmapService } from './roadmapService';

/** "Xã Quảng Thọ" → "cong-van-lo-trinh-xa-quang-tho": ASCII, for a Content-Disposition every browser reads. */
export function letterFilename(commune: string, format: LetterFormat): string {
  const slug = commune
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `cong-van-lo-trinh-${slug === '' ? 'xa' : slug}.${format}`;
}

/**
 * The commune's roadmap letter (issue 15 §2): read through the roadmap's own lookup (scope, NOT_FOUND,
 * ROADMAP_NOT_PLANNED), worded by the pure builder, drawn in the worker pool. Dated today in Vietnam.
 */
export function createRoadmapLetterService(roadmaps: RoadmapService, renderer: PdfRenderer, clock: Clock) {
  async function letter(auth: AuthContext, commune: string, format: LetterFormat): Promise<Result<{ filename: string; bytes: Buffer }>> {
    const source = await roadmaps.letterSource(auth, commune);
    if (!source.ok) return source;
    const document = buildRoadmapLetter({ ...source.value, today: isoDayInVietnam(clock.now()) });
    const rendered = await renderer.renderLetter(document, format);
    if (!rendered.ok) return rendered;
    return ok({ filename: letterFilename(source.value.roadmap.commune, format), bytes: rendered.value });
  }

  return { letter };
}

export type RoadmapLetterService = ReturnType<typeof createRoadmapLetterService>;
