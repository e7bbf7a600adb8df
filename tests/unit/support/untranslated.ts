import { captureEn } from '../../../src/i18n/capture/en';
import { captureVi } from '../../../src/i18n/capture/vi';
import { consoleEn } from '../../../src/i18n/console/en';
import { consoleVi } from '../../../src/i18n/console/vi';
import { en } from '../../../src/i18n/en';
import { vi } from '../../../src/i18n/vi';

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(leaves);
}

/** Words both languages write alike (brands, formats, units): never evidence of a missing translation. */
const SHARED = new Set(['SMS', 'Zalo', 'ZNS', 'PDF', 'CSV', 'GPS', 'CMIS', 'OK', 'ID', 'QR', 'kWh', 'MoMo', 'EVN', 'Email', 'Web']);

/**
 * Texts only the English catalogue has: each leaf of the English texts (app, console, capture) that no Vietnamese
 * leaf equals, cut at its {{placeholders}} into the fragments a screen would show. Short or shared tokens and bare
 * numbers are left out: they say nothing about the language.
 */
export function englishOnlyTexts(): string[] {
  const viLeaves = new Set([...leaves(vi), ...leaves(consoleVi), ...leaves(captureVi)]);
  const fragments = new Set<string>();
  for (const leaf of [...leaves(en), ...leaves(consoleEn), ...leaves(captureEn)]) {
    if (viLeaves.has(leaf)) continue;
    for (const part of leaf.split(/\{\{[^}]+\}\}/)) {
      const text = part.replace(/^[\s"'(«:·,.…–—-]+|[\s"'»:·,.…–—-]+$/g, '');
      if (text.length < 4 || SHARED.has(text) || /^[\d\s.,:/%+-]*$/.test(text) || viLeaves.has(text)) continue;
      fragments.add(text);
    }
  }
  return [...fragments];
}

/** `SERIAL_ALREADY_INSTALLED`, `IMPORT_INVALID`: a code a user should never read. */
const RAW_CODE = /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/;
/** `console.reviews.flags.x`: an i18n key shown because its text is missing. */
const RAW_KEY = /\b(?:console|capture|errors|shell|outbox|workOrders|status|app)\.[a-zA-Z_]+(?:\.[a-zA-Z_]+)*\b/;

/** Elements that show data as data (identifiers, CMIS column names): their text is not a sentence of the UI. */
const DATA = 'code, kbd, .mono, .kit-num';

export interface UntranslatedText {
  text: string;
  why: string;
}

/** Every text a user sees or hears: text nodes outside data cells, and the accessible texts of attributes. */
function visibleTexts(root: HTMLElement): string[] {
  const texts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent === null || parent.closest(DATA) !== null || parent.closest('script, style') !== null) continue;
    const text = (node.textContent ?? '').trim();
    if (text !== '') texts.push(text);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[aria-label], [title], [placeholder], [alt]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = element.getAttribute(name)?.trim();
      if (value) texts.push(value);
    }
  }
  return texts;
}

/**
 * What a Vietnamese screen shows that is not Vietnamese: texts only the English catalogue has, a server's English
 * sentence (`serverTexts`: the `detail`s and `message`s its answers carried, or a browser's error), raw codes and i18n keys.
 */
export function untranslatedTexts(root: HTMLElement, serverTexts: readonly string[] = []): UntranslatedText[] {
  const english = englishOnlyTexts();
  const found: UntranslatedText[] = [];
  for (const text of visibleTexts(root)) {
    const fragment = english.find((e) => text === e || (e.includes(' ') && e.length >= 10 && text.includes(e)));
    if (fragment !== undefined) found.push({ text, why: `only in the English catalogue: "${fragment}"` });
    const server = serverTexts.find((s) => s.trim() !== '' && text.includes(s.trim()));
    if (server !== undefined) found.push({ text, why: `an English text from the server or the browser: "${server}"` });
    const code = RAW_CODE.exec(text) ?? RAW_KEY.exec(text);
    if (code !== null) found.push({ text, why: `looks like a raw code or key: ${code[0]}` });
  }
  return found;
}

/** The human texts of a server's answers (`detail`, `message`, `title` at any depth): English, for API users only. */
export function serverTextsOf(...bodies: unknown[]): string[] {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null)
      for (const [key, child] of Object.entries(value)) {
        if ((key === 'detail' || key === 'message' || key === 'title') && typeof child === 'string' && /[a-z]{3}/.test(child)) texts.push(child);
        else walk(child);
      }
  };
  bodies.forEach(walk);
  return texts;
}
