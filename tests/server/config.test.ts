import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, publicBaseUrl } from '../../server/config';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: null,
      demo: false,
      trustProxy: false,
      logLevel: 'info',
      sessionIdleDays: 30,
      sessionAbsoluteDays: 90,
      pullRevokeDays: 30,
      adminPassword: null,
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      tileOrigin: 'https://tile.openstreetmap.org',
      tileAttribution: '© OpenStreetMap contributors',
      tileBulkDownload: false,
      blobStore: 'folder',
      serveSourceMaps: false,
    });
    expect(result.config.dataDir).toMatch(/data$/);
  });

  it('reads every variable', () => {
    const result = parseConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/meterswap',
      DATABASE_URL: 'postgresql://u:p@db/meters',
      DEMO: '1',
      TILE_URL: 'https://{s}.tiles.example.vn/{z}/{x}/{y}.png',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      LOG_LEVEL: 'warn',
      SESSION_IDLE_DAYS: '14',
      SESSION_ABSOLUTE_DAYS: '60',
      PULL_REVOKE_DAYS: '45',
      ADMIN_PASSWORD: 'correct horse',
      STATIC_DIR: '/srv/meterswap/dist',
      TILE_ATTRIBUTION: '© Bản đồ EVN',
      TILE_BULK_DOWNLOAD: '1',
      BLOB_STORE: 'database',
      SERVE_SOURCE_MAPS: '1',
      NOTIFY_WEBHOOK_URL: 'https://zns.example.vn/notify',
      NOTIFY_WEBHOOK_SECRET: 'a-long-shared-secret',
      NOTIFY_QUIET_HOURS: '22-6',
      NOTIFY_BEFORE_DAYS: '3',
      PUBLIC_URL: 'https://thaycongto.example.vn/',
      COMMISSIONING_DEADLINE_HOURS: '36.5',
      COMMISSIONING_SWEEP_SECONDS: '60',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 9000,
        host: '127.0.0.1',
        dataDir: '/var/lib/meterswap',
        databaseUrl: 'postgresql://u:p@db/meters',
        blobStore: 'database',
        demo: true,
        tileUrl: 'https://{s}.tiles.example.vn/{z}/{x}/{y}.png',
        tileOrigin: 'https://*.tiles.example.vn',
        tileAttribution: '© Bản đồ EVN',
        tileBulkDownload: true,
        trustProxy: 'loopback,10.0.0.0/8',
        logLevel: 'warn',
        sessionIdleDays: 14,
        sessionAbsoluteDays: 60,
        pullRevokeDays: 45,
        adminPassword: 'correct horse',
        staticDir: '/srv/meterswap/dist',
        serveSourceMaps: true,
        notifyWebhookUrl: 'https://zns.example.vn/notify',
        notifyWebhookSecret: 'a-long-shared-secret',
        notifyQuietHours: { start: 22, end: 6 },
        notifyBeforeDays: 3,
        publicUrl: 'https://thaycongto.example.vn',
        commissioningDeadlineHours: 36.5,
        commissioningSweepSeconds: 60,
      },
    });
  });

  it('reads PUBLIC_URL for the links sent to customers, or falls back to this process', () => {
    expect(parseConfig({ PUBLIC_URL: 'http://x.example/?a=1' }).ok).toBe(false);
    expect(parseConfig({ PUBLIC_URL: 'javascript:alert(1)' }).ok).toBe(false);
    const fallback = parseConfig({ PORT: '9000' });
    expect(fallback.ok && publicBaseUrl(fallback.config)).toBe('http://localhost:9000');
    const v6 = parseConfig({ HOST: '::1', PORT: '9000' });
    expect(v6.ok && publicBaseUrl(v6.config)).toBe('http://[::1]:9000');
    const set = parseConfig({ PUBLIC_URL: 'https://cty.example.vn/thaycongto/' });
    expect(set.ok && publicBaseUrl(set.config)).toBe('https://cty.example.vn/thaycongto');
  });

  it('reads the notice settings: quiet hours by default, off, and bad values named', () => {
    const defaults = parseConfig({});
    expect(defaults.ok && defaults.config).toMatchObject({
      notifyWebhookUrl: null,
      notifyWebhookSecret: null,
      notifyQuietHours: { start: 21, end: 7 },
      notifyBeforeDays: 2,
    });
    const off = parseConfig({ NOTIFY_QUIET_HOURS: 'off' });
    expect(off.ok && off.config.notifyQuietHours).toBeNull();
    expect(parseConfig({ NOTIFY_QUIET_HOURS: '21-25' })).toEqual({
      ok: false,
      message: 'NOTIFY_QUIET_HOURS must be "start-end" hours 0-23 in Vietnam time (e.g. 21-7), or off (got "21-25")',
    });
    expect(parseConfig({ NOTIFY_WEBHOOK_URL: 'ftp://x' }).ok).toBe(false);
    const noSecret = parseConfig({ NOTIFY_WEBHOOK_URL: 'https://zns.example.vn/notify' });
    expect(!noSecret.ok && noSecret.message).toContain('NOTIFY_WEBHOOK_SECRET');
    expect(parseConfig({ NOTIFY_WEBHOOK_SECRET: 'short' })).toEqual({
      ok: false,
      message: 'NOTIFY_WEBHOOK_SECRET must be at least 16 characters long',
    });
    expect(parseConfig({ NOTIFY_BEFORE_DAYS: '0' }).ok).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ ok: true, config: { port: 8080, databaseUrl: null } });
  });

  it('accepts TRUST_PROXY as a boolean or a hop count', () => {
    expect(parseConfig({ TRUST_PROXY: 'true' })).toMatchObject({ config: { trustProxy: true } });
    expect(parseConfig({ TRUST_PROXY: '2' })).toMatchObject({ config: { trustProxy: 2 } });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer 1-65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be an integer 1-65535 (got "70000")'],
    [{ HOST: 'my host' }, 'HOST must be a host name or IP address (got "my host")'],
    [{ DEMO: 'yes' }, 'DEMO must be 0 or 1 (got "yes")'],
    [
      { TILE_URL: 'https://tiles.example/{z}.png' },
      'TILE_URL must be an http(s) URL template containing {z}, {x} and {y} (got "https://tiles.example/{z}.png")',
    ],
    [{ TILE_BULK_DOWNLOAD: 'yes' }, 'TILE_BULK_DOWNLOAD must be 0 or 1 (got "yes")'],
    [
      { TILE_ATTRIBUTION: '<img src=x onerror=alert(1)>' },
      'TILE_ATTRIBUTION must be plain text (no < or >) up to 200 characters (got "<img src=x onerror=alert(1)>")',
    ],
    [
      { TRUST_PROXY: 'everyone' },
      'TRUST_PROXY must be true, false, a hop count, or a comma list of loopback/linklocal/uniquelocal/IP/CIDR (got "everyone")',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ SESSION_IDLE_DAYS: '0' }, 'SESSION_IDLE_DAYS must be an integer 1-3650 (got "0")'],
    [{ SESSION_IDLE_DAYS: '60', SESSION_ABSOLUTE_DAYS: '30' }, 'SESSION_ABSOLUTE_DAYS must be at least SESSION_IDLE_DAYS (got 30 < 60)'],
  ])('names the variable at fault: %j', (env, message) => {
    expect(parseConfig(env)).toEqual({ ok: false, message });
  });

  it('never echoes secrets in the error', () => {
    const url = parseConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(url).toEqual({ ok: false, message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' });
    const password = parseConfig({ ADMIN_PASSWORD: 'hunter2' });
    expect(password).toEqual({ ok: false, message: 'ADMIN_PASSWORD must be at least 8 characters long' });
  });

  it('keeps photos in the folder unless BLOB_STORE=database, which needs PostgreSQL', () => {
    expect(parseConfig({ BLOB_STORE: 'folder' })).toMatchObject({ ok: true, config: { blobStore: 'folder' } });
    expect(parseConfig({ BLOB_STORE: '', DATABASE_URL: 'postgres://db/x' })).toMatchObject({ ok: true, config: { blobStore: 'folder' } });
    expect(parseConfig({ BLOB_STORE: 'database', DATABASE_URL: 'postgres://db/x' })).toMatchObject({ ok: true, config: { blobStore: 'database' } });
    expect(parseConfig({ BLOB_STORE: 's3' })).toEqual({ ok: false, message: 'BLOB_STORE must be one of folder, database (got "s3")' });
    expect(parseConfig({ BLOB_STORE: 'Database', DATABASE_URL: 'postgres://db/x' })).toMatchObject({ ok: false });
    // SQLite (no DATABASE_URL): refused in one line naming both variables, without echoing the URL.
    const sqlite = parseConfig({ BLOB_STORE: 'database' });
    expect(sqlite.ok).toBe(false);
    expect(sqlite.ok ? '' : sqlite.message).toMatch(/^BLOB_STORE=database needs DATABASE_URL to be a postgres:\/\/ URL[^\n]*$/);
  });

  it('stops the server at start when BLOB_STORE=database has no PostgreSQL: one line, exit code 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '..', '..'),
      // A port no one may bind and a throwaway data folder: were the configuration accepted, start-up would fail elsewhere.
      env: { PATH: process.env.PATH ?? '', BLOB_STORE: 'database', PORT: '1', DATA_DIR: path.join(tmpdir(), 'meterswap-config-test') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Invalid configuration: BLOB_STORE=database needs DATABASE_URL to be a postgres:\/\/ URL[^\n]*\n$/);
  });
});
