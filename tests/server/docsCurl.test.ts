import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressReport } from '../../src/domain/console/reports';
import { startTestServer, type TestServer } from './harness';

const run = promisify(execFile);
const DOC = new URL('../../docs/api.md', import.meta.url);
/** The marker before each ```bash block of docs/api.md that this test runs as written. */
const MARKER = '<!-- curl-example -->';
const SCRIPT_TIMEOUT_MS = 30_000;

/** The bash blocks that follow the marker, in order. */
export function curlExamples(markdown: string): string[] {
  const blocks: string[] = [];
  const pattern = new RegExp(`${MARKER}\\s*\\n\`\`\`bash\\n([\\s\\S]*?)\\n\`\`\``, 'g');
  for (const match of markdown.matchAll(pattern)) blocks.push(match[1] ?? '');
  return blocks;
}

describe("docs/api.md's curl example, run against a test server", () => {
  let server: TestServer;
  let workDir: string;
  let markdown: string;

  beforeAll(async () => {
    [server, workDir, markdown] = await Promise.all([
      startTestServer('sqlite', { seed: 200 }),
      mkdtemp(path.join(tmpdir(), 'meterswap-curl-')),
      readFile(DOC, 'utf8'),
    ]);
  });
  afterAll(async () => {
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('finds the example in the guide', () => {
    expect(curlExamples(markdown)).toHaveLength(1);
    expect(curlExamples('no example here')).toEqual([]);
  });

  it('signs in, dry-runs the import, reads progress and downloads the export and the document', async () => {
    const [script = ''] = curlExamples(markdown);
    const file = path.join(workDir, 'example.sh');
    await writeFile(file, script);
    const { stdout } = await run('bash', [file], { cwd: workDir, env: { ...process.env, BASE: server.baseUrl }, timeout: SCRIPT_TIMEOUT_MS });

    expect(stdout).toContain('"username":"supervisor1"');
    // The answer the guide promises right after the block.
    const promised = '{"dryRun":true,"created":2,"updated":0,"rows":2}';
    expect(markdown).toContain(promised);
    const dryRun = stdout.split('\n').find((line) => line.startsWith('{"dryRun"')) ?? 'null';
    expect(JSON.parse(dryRun), stdout).toEqual(JSON.parse(promised));

    const progress = ProgressReport.parse(JSON.parse(await readFile(path.join(workDir, 'tien-do.json'), 'utf8')));
    expect(progress.groupBy).toBe('commune');
    expect(progress.rows.length).toBeGreaterThan(0);
    const csv = await readFile(path.join(workDir, 'hoan-thanh.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFMA_YCAU_KNAI,MA_KHANG,')).toBe(true);
    const openapi = JSON.parse(await readFile(path.join(workDir, 'openapi.json'), 'utf8')) as { openapi: string };
    expect(openapi.openapi).toBe('3.1.0');
  });

  it('stops at the first failing call (the dry run of a broken file is a 422)', async () => {
    const [script = ''] = curlExamples(markdown);
    const broken = script.replace('19,8067;105,7852', '99,9;105,7852');
    expect(broken).not.toBe(script);
    const file = path.join(workDir, 'broken.sh');
    await writeFile(file, broken);
    const failed = await run('bash', [file], { cwd: workDir, env: { ...process.env, BASE: server.baseUrl }, timeout: SCRIPT_TIMEOUT_MS }).then(
      () => null,
      (error: unknown) => error as { code?: number; stdout?: string },
    );
    expect(failed?.code).toBe(22); // curl's exit code for an HTTP error
    expect(failed?.stdout).toContain('"code":"IMPORT_INVALID"');
    expect(failed?.stdout).toContain('"column":"VI_DO"');
  });
});
