// @vitest-environment jsdom (the tests hand createI18n an <html> element to set lang on)
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/protocol/errors';
import { changeLanguage, createI18n, errorMessage } from '../../src/i18n';
import { consoleEn } from '../../src/i18n/console/en';
import { consoleVi } from '../../src/i18n/console/vi';
import { en } from '../../src/i18n/en';
import { vi as viMessages } from '../../src/i18n/vi';
import { memoryKeyValue } from '../../src/platform';
import { CLIENT_ERROR_CODES, LOCAL_ERROR } from '../../src/sync';

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

function interpolations(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('translations', () => {
  it('have exactly the same keys in Vietnamese and English', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(viMessages).sort());
  });

  it('use the same {{placeholders}} in both languages', () => {
    const lookup = (root: unknown, path: string): unknown =>
      path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
    for (const path of keyPaths(viMessages)) {
      expect(interpolations(String(lookup(en, path))), path).toEqual(interpolations(String(lookup(viMessages, path))));
    }
  });

  it('of the console have exactly the same keys and {{placeholders}} in both languages', () => {
    expect(keyPaths(consoleEn).sort()).toEqual(keyPaths(consoleVi).sort());
    const lookup = (root: unknown, path: string): unknown =>
      path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
    // A singular may say "one" in words instead of {{count}} ("Tick the flag first").
    const named = (path: string, text: string) => interpolations(text).filter((p) => !(path.endsWith('_one') && p === 'count'));
    for (const path of keyPaths(consoleVi)) {
      expect(named(path, String(lookup(consoleEn, path))), path).toEqual(named(path, String(lookup(consoleVi, path))));
    }
  });

  it('have a message for every error code of the catalogue and of the client', () => {
    for (const code of [...ERROR_CODES, ...CLIENT_ERROR_CODES, LOCAL_ERROR]) {
      expect(Object.keys(viMessages.errors), code).toContain(code);
    }
  });
});

describe('i18n instance', () => {
  it('starts in Vietnamese and sets <html lang>', async () => {
    const root = document.createElement('html');
    const i18n = await createI18n(memoryKeyValue(), root);

    expect(i18n.language).toBe('vi');
    expect(root.lang).toBe('vi');
    expect(i18n.t('workOrders.title')).toBe('Danh sách công việc');
  });

  it('remembers the chosen language on the device and applies it to <html lang>', async () => {
    const settings = memoryKeyValue();
    const root = document.createElement('html');
    const i18n = await createI18n(settings, root);
    await changeLanguage(i18n, 'en');

    expect(i18n.t('shell.sync')).toBe('Sync');
    expect(root.lang).toBe('en');
    const again = await createI18n(settings, document.createElement('html'));
    expect(again.language).toBe('en');
    expect(again.t('shell.signOut')).toBe('Sign out');
  });

  it('ignores a stored language it does not know', async () => {
    const i18n = await createI18n(memoryKeyValue({ 'meterswap.language': 'fr' }), document.createElement('html'));
    expect(i18n.language).toBe('vi');
  });
});

describe('error messages', () => {
  it('say in Vietnamese what went wrong and what to do', async () => {
    const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
    const t = i18n.t;

    expect(errorMessage(t, { code: 'INVALID_CREDENTIALS' })).toBe('Sai tên đăng nhập hoặc mật khẩu. Kiểm tra lại và thử lại.');
    expect(errorMessage(t, { code: 'OFFLINE' })).toMatch(/^Chưa có kết nối mạng/);
    expect(errorMessage(t, { code: 'RATE_LIMITED', retryAfterMs: 30_000 })).toBe('Thử quá nhiều lần. Hãy đợi 30 giây rồi thử lại.');
    expect(errorMessage(t, { code: 'RATE_LIMITED', retryAfterMs: 125_000 })).toContain('3 phút');
  });

  it('fall back to a generic message for a code this version does not know', async () => {
    const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
    expect(errorMessage(i18n.t, { code: 'SOMETHING_NEW' })).toBe(viMessages.errors.UNKNOWN);
  });
});
