// @vitest-environment jsdom (the tests parse HTML as Leaflet does)
import { describe, expect, it } from 'vitest';
import { escapeHtml, textElement } from '../../src/ui/htmlText';

const HOSTILE = '<img id="pwned-img" src=x onerror="alert(1)">Hòa & <a id=pwned-link href=/x>ZZ</a>';

describe('text for places that parse HTML (Leaflet)', () => {
  it('gives an element that shows markup as text and holds no element of it', () => {
    const element = textElement(HOSTILE, 'map-label');
    expect(element.textContent).toBe(HOSTILE);
    expect(element.children).toHaveLength(0);
    expect(element.className).toBe('map-label');
  });

  it('escapes an attribution so that parsing it gives back the same text and no element', () => {
    const holder = document.createElement('div');
    holder.innerHTML = escapeHtml(HOSTILE);
    expect(holder.textContent).toBe(HOSTILE);
    expect(holder.children).toHaveLength(0);
    expect(escapeHtml('© OpenStreetMap contributors')).toBe('© OpenStreetMap contributors');
  });
});
