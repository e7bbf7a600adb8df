import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

/** Every repository path a page names in backticks (`src/…`, `server/…`, `tests/…`, `docs/…`, `scripts/…`). */
function pathsIn(page: string): string[] {
  const text = readFileSync(join(root, page), 'utf8');
  const names = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((name) => /^(src|server|tests|docs|scripts)\/[\w./-]+$/.test(name)).map((name) => name.replace(/\/$/, '')))];
}

/** How many paths each page names at least: a page whose paths stop matching the pattern would pass with none. */
const PAGES: Readonly<Record<string, number>> = {
  'docs/architecture.md': 20,
  'docs/api.md': 2,
  'docs/design.md': 20,
  'CONTRIBUTING.md': 20,
};

describe.each(Object.keys(PAGES))('%s', (page) => {
  it('names only paths that exist', () => {
    const paths = pathsIn(page);
    expect(paths.length).toBeGreaterThan(PAGES[page] ?? 0);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });
});

/** Where code and docs cite the design: the source folders and the pages and configs at the top. */
const CITING_FOLDERS = ['src', 'server', 'tests', 'scripts', 'bench', 'docs', '.ci'];
const CITING_TOP_FILES = [
  'README.md',
  'SECURITY.md',
  'CONTRIBUTING.md',
  'eslint.config.js',
  'vite.config.ts',
  'vitest.config.ts',
  'playwright.config.ts',
];
/** Generated or bulky folders that hold no citations of ours. */
const SKIPPED = new Set(['node_modules', 'out', 'results', 'fixtures', 'assets']);
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|md|json|css|html)$|^run$/;

function filesUnder(folder: string): string[] {
  const full = join(root, folder);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && TEXT_FILE.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => !path.split('/').some((part) => SKIPPED.has(part)));
}

/**
 * The section numbers one citation names: "design §5", "design §4, §5, §9", "design §2/§3", "design.md §2", and
 * ranges "design §5–§9" (every section from 5 to 9).
 */
function citedSections(text: string): number[] {
  const sections: number[] = [];
  for (const match of text.matchAll(/\bdesign(?:\.md)?\s+(§\s*\d+(?:\s*(?:,|\/|–|-|and)\s*§\s*\d+)*)/gi)) {
    const list = match[1] ?? '';
    for (const part of list.matchAll(/§\s*(\d+)(?:\s*[–-]\s*§\s*(\d+))?/g)) {
      const from = Number(part[1]);
      const to = part[2] === undefined ? from : Number(part[2]);
      for (let n = from; n <= to; n++) sections.push(n);
    }
  }
  return sections;
}

describe('design citations', () => {
  const design = readFileSync(join(root, 'docs', 'design.md'), 'utf8');
  const headings = new Set([...design.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1])));
  const files = [...CITING_FOLDERS.flatMap(filesUnder), ...CITING_TOP_FILES.filter((file) => existsSync(join(root, file)))];

  it('reads every form a comment cites the design in', () => {
    expect(citedSections('design §5; design §4, §5, §9; design §2/§3; docs/design.md §2; design §5–§9')).toEqual([
      5, 4, 5, 9, 2, 3, 2, 5, 6, 7, 8, 9,
    ]);
  });

  it('has a "## N." heading for every "design §N" that code and docs cite', () => {
    const missing: string[] = [];
    let citations = 0;
    for (const file of files) {
      for (const n of citedSections(readFileSync(join(root, file), 'utf8'))) {
        citations += 1;
        if (!headings.has(n)) missing.push(`${file}: design §${n}`);
      }
    }
    // About a hundred citations today: far fewer means the scan stopped finding them, not that they went away.
    expect(citations).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('keeps the domain page that code cites as "domain.md" in docs/', () => {
    const citing = files.filter((file) => /\bdomain\.md\b/.test(readFileSync(join(root, file), 'utf8')));
    expect(citing.length).toBeGreaterThan(0);
    expect(existsSync(join(root, 'docs', 'domain.md'))).toBe(true);
  });
});
