// @vitest-environment jsdom (the tests hand createI18n an <html> element to set lang on)
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../src/domain/capture/draftIssues';
import { PHOTO_KINDS, SWAP_STEPS } from '../../src/domain/capture/swapDraft';
import { CASHLESS_METHODS, FAILURE_REASON_CODES, SEAL_CONDITIONS } from '../../src/domain/capture/visit';
import { BELOW_LAST_BILLED_REASONS } from '../../src/domain/capture/readings';
import { changeLanguage, createI18n } from '../../src/i18n';
import { captureEn } from '../../src/i18n/capture/en';
import { addCaptureMessages } from '../../src/i18n/capture/load';
import { captureVi } from '../../src/i18n/capture/vi';
import { memoryKeyValue } from '../../src/platform';

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

const lookup = (root: unknown, path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('capture texts', () => {
  it('have the same keys and placeholders in Vietnamese and English', () => {
    expect(keyPaths(captureEn).sort()).toEqual(keyPaths(captureVi).sort());
    for (const path of keyPaths(captureVi)) {
      expect(placeholders(String(lookup(captureEn, path))), path).toEqual(placeholders(String(lookup(captureVi, path))));
    }
  });

  it('name every issue, step, photo kind, failure reason, seal condition, payment method and reason code', () => {
    expect(Object.keys(captureVi.issues).sort()).toEqual([...ISSUE_CODES].sort());
    expect(Object.keys(captureVi.steps)).toEqual([...SWAP_STEPS]);
    expect(Object.keys(captureVi.photoKinds)).toEqual([...PHOTO_KINDS]);
    expect(Object.keys(captureVi.stampKinds)).toEqual([...PHOTO_KINDS]);
    expect(Object.keys(captureVi.failureReasons)).toEqual([...FAILURE_REASON_CODES]);
    expect(Object.keys(captureVi.sealConditions)).toEqual([...SEAL_CONDITIONS]);
    expect(Object.keys(captureVi.cashless.methods)).toEqual([...CASHLESS_METHODS]);
    expect(Object.keys(captureVi.belowReasons)).toEqual([...BELOW_LAST_BILLED_REASONS]);
  });

  it('use the domain words and the official closing sentence', () => {
    expect(captureVi.steps.removed).toBe('Công tơ tháo');
    expect(captureVi.steps.installed).toBe('Công tơ treo');
    expect(captureVi.failure.title).toBe('Không thực hiện được');
    expect(captureVi.record.closing).toBe('Thiết bị đo đếm hoạt động bình thường. Hai bên thống nhất nội dung như trên.');
    expect(JSON.stringify(captureVi)).not.toMatch(/phiếu công tác|lệnh công tác/i);
  });

  it('are added on demand without stopping English from loading later', async () => {
    const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
    addCaptureMessages(i18n);
    expect(i18n.t('capture.flow.next')).toBe('Tiếp tục');
    await changeLanguage(i18n, 'en');
    expect(i18n.t('capture.flow.next')).toBe('Continue');
    expect(i18n.t('shell.sync')).toBe('Sync');
  });
});
