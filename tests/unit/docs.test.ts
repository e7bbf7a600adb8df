import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

/** Every repository path a page names in backticks (`src/…`, `server/…`, `tests/…`, `docs/…`). */
function pathsIn(page: string): string[] {
  const text = readFileSync(join(root, page), 'utf8');
  const names = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((name) => /^(src|server|tests|docs|scripts)\/[\w./-]+$/.test(name)).map((name) => name.replace(/\/$/, '')))];
}

describe.each(['docs/architecture.md', 'docs/api.md'])('%s', (page) => {
  it('names only paths that exist', () => {
    const paths = pathsIn(page);
    expect(paths.length).toBeGreaterThan(page === 'docs/api.md' ? 2 : 20);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });
});
