import { createHash } from 'node:crypto';
import { hamletOf } from '../../src/domain/campaign/hamlet';
import { CommuneSlug, communeSlug, publicCommuneOf, type PublicCommune } from '../../src/domain/campaign/publicPage';
import { ok } from '../../src/domain/protocol/result';
import type { PublicPlace } from '../store/publicPages';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { failure, type Result } from './result';

/** How long a computed page (and the list of slugs) is served from memory: a crowd reloading reads the database once a minute. */
export const PUBLIC_PAGE_TTL_MS = 60_000;
/** Pages kept at most; past it the oldest go first (unknown slugs are never stored). */
const MAX_PAGES = 2_000;

export interface PublicPage {
  page: PublicCommune;
  /** A strong validator of the page's figures (the same for the HTML and the JSON of one computation). */
  etag: string;
}

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

/**
 * The public progress page of a commune (issue 15 §2): no session, counts only (src/domain/campaign/publicPage.ts).
 * Every answer comes from a memory cache of PUBLIC_PAGE_TTL_MS per slug, filled by one read however many requests
 * arrive at once (the promise is cached, not the result), so reloads cannot load the database.
 */
export function createPublicPageService(store: Store, clock: Clock, ttlMs = PUBLIC_PAGE_TTL_MS) {
  let index: Entry<Map<string, PublicPlace>> | null = null;
  const pages = new Map<string, Entry<PublicPage>>();
  const fresh = (entry: Entry<unknown> | null | undefined): boolean => entry != null && clock.now().getTime() - entry.at < ttlMs;

  /** slug → (commune, province); the first place by name wins when two fold to one slug. */
  function places(): Promise<Map<string, PublicPlace>> {
    if (index === null || !fresh(index)) {
      const value = store.publicPages.places().then((list) => {
        const bySlug = new Map<string, PublicPlace>();
        for (const place of [...list].sort((a, b) => `${a.commune} ${a.province}`.localeCompare(`${b.commune} ${b.province}`))) {
          const slug = communeSlug(place.commune, place.province);
          if (!bySlug.has(slug)) bySlug.set(slug, place);
        }
        return bySlug;
      });
      index = { at: clock.now().getTime(), value };
      value.catch(() => {
        if (index?.value === value) index = null;
      });
    }
    return index.value;
  }

  async function compute(slug: string, place: PublicPlace): Promise<PublicPage> {
    const asOf = clock.now().toISOString();
    const read = await store.snapshot(async (tx) => ({
      orders: await tx.publicPages.orders(place),
      cashlessEnrolled: await tx.publicPages.cashlessEnrolled(place),
    }));
    const page = publicCommuneOf({
      commune: place.commune,
      province: place.province,
      orders: read.orders.map((o) => ({ hamlet: hamletOf(o), status: o.status, plannedDate: o.plannedDate })),
      cashlessEnrolled: read.cashlessEnrolled,
      asOf,
    });
    const etag = `"${createHash('sha256').update(slug).update(JSON.stringify(page)).digest('base64url').slice(0, 27)}"`;
    return { page, etag };
  }

  /** The page of a slug, or NOT_FOUND for a slug no commune has. */
  async function commune(slug: string): Promise<Result<PublicPage>> {
    const notFound = failure('NOT_FOUND', 'No commune has this address.');
    if (!CommuneSlug.safeParse(slug).success) return notFound;
    let entry = pages.get(slug);
    if (!fresh(entry)) {
      const place = (await places()).get(slug);
      if (place === undefined) return notFound;
      entry = pages.get(slug);
      if (!fresh(entry)) {
        const value = compute(slug, place);
        entry = { at: clock.now().getTime(), value };
        pages.delete(slug);
        if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value ?? '');
        pages.set(slug, entry);
        value.catch(() => {
          if (pages.get(slug)?.value === value) pages.delete(slug);
        });
      }
    }
    if (entry === undefined) return notFound;
    return ok(await entry.value);
  }

  return { commune };
}

export type PublicPageService = ReturnType<typeof createPublicPageService>;
