import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addCaptureMessages } from './load';

/** Makes the capture texts available before the first render of a screen that uses them. */
export function useCaptureMessages(): void {
  const { i18n } = useTranslation();
  // A state initialiser runs once, synchronously, before the children render.
  useState(() => {
    addCaptureMessages(i18n);
    return true;
  });
}
