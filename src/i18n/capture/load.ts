import type { i18n as I18n } from 'i18next';
import { captureEn } from './en';
import { captureVi } from './vi';

/**
 * Adds the capture texts (under `capture.`) to the running i18n instance, both languages at once so
 * switching language mid-flow needs nothing more. Imported only by the work-order and capture
 * screens, which are lazy chunks: the first screen's bundle does not carry these texts.
 */
export function addCaptureMessages(i18n: I18n): void {
  if (i18n.getResource('vi', 'translation', 'capture') !== undefined) return;
  i18n.addResourceBundle('vi', 'translation', { capture: captureVi }, true, false);
  i18n.addResourceBundle('en', 'translation', { capture: captureEn }, true, false);
}
