import { describe, expect, it } from 'vitest';
import { compactCodes, expandRange, MAX_RANGE_ITEMS, normalizeStockCode, parseCodeLines, parseHolder } from '../../src/domain/stock/stock';

describe('stock codes and ranges (issue 16)', () => {
  it('normalises codes as the work-order import does serials: no spaces, upper case, leading zeros kept', () => {
    expect(normalizeStockCode(' sa 000 12 ')).toBe('SA00012');
  });

  it('expands a range with the same prefix and width, keeping leading zeros', () => {
    expect(expandRange('sa0098', 'SA 0101')).toEqual({ codes: ['SA0098', 'SA0099', 'SA0100', 'SA0101'] });
    expect(expandRange('EVN-07', 'EVN-07')).toEqual({ codes: ['EVN-07'] });
  });

  it('refuses reversed, mismatched, malformed and enormous ranges, saying how many the enormous one holds', () => {
    expect(expandRange('SA0010', 'SA0001')).toEqual({ fault: 'reversed_range' });
    expect(expandRange('SA0001', 'SB0002')).toEqual({ fault: 'range_mismatch' });
    expect(expandRange('SA001', 'SA0002')).toEqual({ fault: 'range_mismatch' });
    expect(expandRange('SAX', 'SBX')).toEqual({ fault: 'range_mismatch' });
    expect(expandRange('S', 'SA0001')).toEqual({ fault: 'invalid_code' });
    expect(expandRange('SA000000', 'SA999999')).toEqual({ fault: 'range_too_large', count: 1_000_000 });
    const largest = expandRange('SA0001', `SA${MAX_RANGE_ITEMS}`);
    expect('codes' in largest && largest.codes.length).toBe(MAX_RANGE_ITEMS);
    expect(expandRange('SA0000', `SA${MAX_RANGE_ITEMS}`)).toEqual({ fault: 'range_too_large', count: MAX_RANGE_ITEMS + 1 });
    // A 30-digit range is counted exactly enough to be refused, never expanded.
    expect(expandRange(`A${'0'.repeat(30)}`, `A${'9'.repeat(30)}`)).toMatchObject({ fault: 'range_too_large' });
  });

  it('reads the console boxes: one code or range per line, commas too; hyphens inside codes stay', () => {
    expect(parseCodeLines('DL0001\n  dl 0002 ,EVN-01\nSA0001 - SA0050\nSB01–SB09\nSC1..SC3\n\n')).toEqual({
      codes: ['DL0001', 'dl 0002', 'EVN-01'],
      ranges: [
        { from: 'SA0001', to: 'SA0050' },
        { from: 'SB01', to: 'SB09' },
        { from: 'SC1', to: 'SC3' },
      ],
    });
  });

  it('reads holders', () => {
    expect(parseHolder('warehouse:t1')).toEqual({ kind: 'warehouse', id: 't1' });
    expect(parseHolder('technician:u1')).toEqual({ kind: 'technician', id: 'u1' });
    expect(parseHolder('installed:w1')).toEqual({ kind: 'installed', id: 'w1' });
    expect(parseHolder('voided:t1')).toEqual({ kind: 'voided', id: 't1' });
    expect(parseHolder('returned:t1')).toBeNull();
    expect(parseHolder('technician')).toBeNull();
  });
});

describe('compactCodes', () => {
  it('groups consecutive codes of one prefix and width into runs, as seals are counted by hand', () => {
    expect(compactCodes(['SA0003', 'SA0001', 'SA0002', 'SA0005', 'SB0006', 'X-1', 'SA00006'])).toEqual([
      { from: 'SA00006', to: 'SA00006', count: 1 },
      { from: 'SA0001', to: 'SA0003', count: 3 },
      { from: 'SA0005', to: 'SA0005', count: 1 },
      { from: 'SB0006', to: 'SB0006', count: 1 },
      { from: 'X-1', to: 'X-1', count: 1 },
    ]);
    expect(compactCodes([])).toEqual([]);
  });
});
