import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const configText = readFileSync(join(root, 'eslint.config.js'), 'utf8');

/** Repository paths the lint messages send a developer to: a message naming a missing file is a dead end. */
function pathsInMessages(): string[] {
  const messages = [...configText.matchAll(/message:\s*'([^']*)'/g)].map((m) => m[1] ?? '');
  const paths = messages.flatMap((message) => [...message.matchAll(/\b(?:src|server|tests|docs|scripts|bench)\/[\w./-]*\w/g)].map((m) => m[0]));
  return [...new Set(paths)];
}

describe('eslint.config.js', () => {
  it('names only repository paths that exist in its messages', () => {
    const paths = pathsInMessages();
    // The messages name src/local, src/sync, src/ui/htmlText.ts, …: none found means the pattern stopped matching.
    expect(paths.length).toBeGreaterThan(4);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });
});

/**
 * The typed config wants a file its TypeScript project knows, so each probe borrows the path of a real file of the
 * layer (picked when the test runs, so a rename does not break it); lintText lints the given text, not the file.
 */
function fileIn(folder: string): string {
  const found = readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|\/)\w+\.ts$/.test(file) && !file.endsWith('.d.ts'))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const name = found[0];
  if (name === undefined) throw new Error(`no .ts file in ${folder}`);
  return `${folder}/${name}`;
}

/** `../` repeated to climb from a file to src/. */
function upToSrc(filePath: string): string {
  return '../'.repeat(filePath.split('/').length - 2);
}

// One instance for all probes: it loads the config and TypeScript's project once.
const eslint = new ESLint({ cwd: root });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

// Every PWA layer that sets its own no-restricted-imports (flat config replaces the rule, it does not merge it).
const PWA_LAYERS = ['src/sync', 'src/consoleApi', 'src/local', 'src/ui', 'src/app', 'src/runtime', 'src/features', 'src/domain'];

describe.each(PWA_LAYERS)('a file in %s', (folder) => {
  const filePath = fileIn(folder);

  it('is refused an import of server code', async () => {
    const messages = await restrictedImports(
      `import { createApp } from '${upToSrc(filePath)}../server/app';\nexport const probe = createApp;\n`,
      filePath,
    );
    expect(messages).toHaveLength(1);
  }, 60_000);

  it('is refused an import of Node code', async () => {
    const messages = await restrictedImports("import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n", filePath);
    expect(messages).toHaveLength(1);
  }, 60_000);
});

describe('a file in src/sync', () => {
  const filePath = fileIn('src/sync');

  it('may import src/domain', async () => {
    // Shows the probes above are refused for what they import, not for anything an import in src/sync does.
    expect(await restrictedImports("import { isoDayInVietnam } from '../domain/time';\nexport const probe = isoDayInVietnam;\n", filePath)).toEqual(
      [],
    );
  }, 60_000);

  it('is still refused React', async () => {
    const messages = await restrictedImports("import { useState } from 'react';\nexport const probe = useState;\n", filePath);
    expect(messages).toEqual([expect.stringContaining('Sync logic never lives in React')]);
  }, 60_000);
});

describe('a screen in src/features', () => {
  const filePath = fileIn('src/features');
  const src = upToSrc(filePath);

  it('reaches the device data through src/local/index.ts only', async () => {
    expect(await restrictedImports(`import { useDevice } from '${src}local';\nexport const probe = useDevice;\n`, filePath)).toEqual([]);
    const messages = await restrictedImports(`import { bindDevice } from '${src}local/device';\nexport const probe = bindDevice;\n`, filePath);
    expect(messages).toEqual([expect.stringContaining('src/local/index.ts only')]);
  }, 60_000);

  it('is refused the app shell', async () => {
    const messages = await restrictedImports(`import { App } from '${src}app/App';\nexport const probe = App;\n`, filePath);
    expect(messages).toEqual([expect.stringContaining('never import the app shell')]);
  }, 60_000);
});

describe('a file in src/runtime', () => {
  const filePath = fileIn('src/runtime');

  it('is refused the screens above it', async () => {
    const messages = await restrictedImports(
      "import { OutboxPage } from '../features/outbox/OutboxPage';\nexport const probe = OutboxPage;\n",
      filePath,
    );
    expect(messages).toEqual([expect.stringContaining('never imports src/features')]);
  }, 60_000);
});
