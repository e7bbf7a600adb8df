/**
 * Text for the places that would parse a string as HTML. Leaflet does: a string given to a tooltip, a popup or a
 * div icon is set as innerHTML, and the tile attribution is HTML. Work-order codes, communes and names come from
 * imported files and devices, so they reach those places only as text (eslint.config.js refuses the string forms).
 */

/** An element showing `text` as it is: whatever markup the text holds is never parsed. Give this to Leaflet. */
export function textElement(text: string, className?: string): HTMLElement {
  const element = document.createElement('span');
  if (className !== undefined) element.className = className;
  element.textContent = text;
  return element;
}

/**
 * `text` escaped for the one Leaflet sink that takes nothing but an HTML string (the attribution control). The
 * browser's own serializer does the escaping, so no hand-written table can miss a character.
 */
export function escapeHtml(text: string): string {
  return textElement(text).innerHTML;
}
