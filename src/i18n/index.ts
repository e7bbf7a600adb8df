import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { KeyValueStore } from '../platform';
import type { CaptureMessages } from './capture/vi';
import type { ConsoleMessages } from './console/vi';
import { vi, type Messages } from './vi';

export { errorMessage, type ErrorLike } from './errorMessage';
export type { Messages } from './vi';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Vietnamese first, whatever the phone's own language: the users read Vietnamese. */
export const DEFAULT_LANGUAGE: Language = 'vi';
const LANGUAGE_KEY = 'meterswap.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // `capture` arrives with the capture screens (./capture/load.ts), `console` with the supervisor console
    // (./console/useConsoleMessages.ts); typed here so their keys are checked too.
    resources: { translation: Messages & { capture: CaptureMessages; console: ConsoleMessages } };
  }
}

export function isLanguage(value: string | null): value is Language {
  return value !== null && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Vietnamese ships in the main bundle; English is its own chunk, fetched (or read from the
 * service worker's precache, so offline too) the first time someone picks it.
 */
const loaders: Record<Language, () => Promise<Messages>> = {
  vi: () => Promise.resolve(vi),
  en: () => import('./en').then((m) => m.en),
};

async function ensureLanguage(instance: I18n, lng: Language): Promise<void> {
  // Not hasResourceBundle: the capture screens may already have added their own keys for this language.
  if (instance.getResource(lng, 'translation', 'app') !== undefined) return;
  instance.addResourceBundle(lng, 'translation', await loaders[lng]());
}

/** Switches language, loading its texts first; the choice is remembered on the device. */
export async function changeLanguage(instance: I18n, lng: Language): Promise<void> {
  await ensureLanguage(instance, lng);
  await instance.changeLanguage(lng);
}

/**
 * Creates the translation instance: the stored choice or Vietnamese, texts bundled (no
 * network), `<html lang>` kept in step so screen readers pronounce correctly.
 */
export async function createI18n(settings: KeyValueStore, root: HTMLElement = document.documentElement): Promise<I18n> {
  const stored = settings.get(LANGUAGE_KEY);
  const lng: Language = isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: { [lng]: { translation: await loaders[lng]() }, vi: { translation: vi } },
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    // Other languages are added on demand (changeLanguage above).
    partialBundledLanguages: true,
    // React escapes already; escaping here would show "&amp;" in names. So a translation is text, never HTML: it
    // reaches the page through React or textContent only (src/ui/htmlText.ts; eslint.config.js refuses HTML sinks).
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  root.lang = lng;
  instance.on('languageChanged', (next) => {
    root.lang = next;
    if (isLanguage(next)) settings.set(LANGUAGE_KEY, next);
  });
  return instance;
}
