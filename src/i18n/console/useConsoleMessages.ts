import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consoleEn } from './en';
import { consoleVi } from './vi';

/** Adds the console texts (under `console.`) before the first render of the console; both languages at once. */
export function useConsoleMessages(): void {
  const { i18n } = useTranslation();
  useState(() => {
    if (i18n.getResource('vi', 'translation', 'console') === undefined) {
      i18n.addResourceBundle('vi', 'translation', { console: consoleVi }, true, false);
      i18n.addResourceBundle('en', 'translation', { console: consoleEn }, true, false);
    }
    return true;
  });
}
