import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './people';

/** The demo accounts as a plain-text table for the console, with where to open the app. */
export function formatDemoAccounts(url: string): string {
  const rows = [['username', 'role', 'team', 'password'], ...DEMO_ACCOUNTS.map((a) => [a.username, a.role, a.team ?? '—', DEMO_PASSWORD])];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const [header = [], ...body] = rows;
  return [`Demo accounts (open ${url}):`, '', line(header), rule, ...body.map(line), ''].join('\n');
}
