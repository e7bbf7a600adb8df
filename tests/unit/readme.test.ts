import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Every `path` named in the README's architecture map, tables and prose alike, except those outside the repo. */
function pathsInArchitectureMap(): string[] {
  const section = readme.split('## Architecture map')[1]?.split('\n## ')[0] ?? '';
  const names = [...section.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] ?? '');
  return names.filter((name) => /^(src|server|tests|scripts|\.ci|public)\b|\.(ts|js|json)$/.test(name) && !name.startsWith('../'));
}

describe('README', () => {
  it('names only paths that exist in its architecture map', () => {
    const paths = pathsInArchitectureMap();
    expect(paths.length).toBeGreaterThan(15);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm test');
  });
});
