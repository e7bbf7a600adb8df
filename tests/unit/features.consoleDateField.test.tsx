import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DateField } from '../../src/features/console/kit/DateField';
import { addDays, formatDateText, parseDateText, showsValue } from '../../src/features/console/kit/dateText';
import { changeLanguage } from '../../src/i18n';
import { consoleEn } from '../../src/i18n/console/en';
import { fakeServer, renderConsole } from './support/consoleHarness';

afterEach(() => cleanup());

describe('date text (dd/MM/yyyy whatever the browser language)', () => {
  it.each([
    ['08/12/2025', '2025-12-08'],
    ['8/12/2025', '2025-12-08'],
    [' 08.12.2025 ', '2025-12-08'],
    ['08-12-2025', '2025-12-08'],
    ['8 12 2025', '2025-12-08'],
    ['08/12/25', '2025-12-08'],
    ['08122025', '2025-12-08'],
    ['2025-12-08', '2025-12-08'],
    ['29/02/2028', '2028-02-29'],
    ['31/12/2099', '2099-12-31'],
  ])('reads "%s" day first as %s', (text, iso) => {
    expect(parseDateText(text)).toEqual({ kind: 'valid', iso });
  });

  it.each(['31/02/2025', '29/02/2027', '12/31/2025', '00/12/2025', '08/00/2025', '08/12/0025', '08/12/20255', '8/12', 'hôm nay', '2025-13-01'])(
    'refuses "%s"',
    (text) => {
      expect(parseDateText(text)).toEqual({ kind: 'invalid' });
    },
  );

  it('tells an empty field from a wrong one', () => {
    expect(parseDateText('   ')).toEqual({ kind: 'empty' });
  });

  it('writes an ISO day as dd/MM/yyyy and reads it back', () => {
    expect(formatDateText('2025-12-08')).toBe('08/12/2025');
    expect(formatDateText('')).toBe('');
    for (const iso of ['2024-02-29', '2025-01-01', '2026-11-24', '2099-12-31']) {
      expect(parseDateText(formatDateText(iso))).toEqual({ kind: 'valid', iso });
    }
  });

  it('knows when a text already shows a value, and steps days across months and years', () => {
    expect(showsValue('8/12/2025', '2025-12-08')).toBe(true);
    expect(showsValue('8/12/2025', '2025-12-09')).toBe(false);
    expect(showsValue('8/12/20', '')).toBe(false);
    expect(showsValue('8/1', '')).toBe(true);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});

/** A parent holding the ISO value, as the console screens do. */
function Holder({ initial, onChange, required }: { initial: string; onChange: (iso: string, kind: string) => void; required?: boolean }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <DateField
        label="Ngày thực hiện"
        value={value}
        required={required}
        onChange={(iso, kind) => {
          setValue(iso);
          onChange(iso, kind);
        }}
      />
      <button type="button" onClick={() => setValue('2026-01-02')}>
        set
      </button>
    </>
  );
}

describe('date field', () => {
  const render = (initial: string, onChange = vi.fn(), required = false) =>
    renderConsole(<Holder initial={initial} onChange={onChange} required={required} />, { transport: fakeServer({}).transport });

  it('shows the ISO value as dd/MM/yyyy in a labelled text box with the format as its description', async () => {
    await render('2025-12-08');
    const input = screen.getByLabelText('Ngày thực hiện');
    expect(input.getAttribute('type')).toBe('text');
    expect((input as HTMLInputElement).value).toBe('08/12/2025');
    expect((input as HTMLInputElement).placeholder).toBe('dd/mm/yyyy');
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toContain('Nhập theo dạng ngày/tháng/năm, ví dụ 08/12/2025.');
  });

  it('hands over the ISO day of what is typed, and tidies it when the user leaves', async () => {
    const onChange = vi.fn();
    await render('', onChange);
    const input = screen.getByLabelText<HTMLInputElement>('Ngày thực hiện');
    fireEvent.change(input, { target: { value: '8/12/25' } });
    expect(onChange).toHaveBeenLastCalledWith('2025-12-08', 'valid');
    expect(input.value).toBe('8/12/25');
    fireEvent.blur(input);
    expect(input.value).toBe('08/12/2025');
  });

  it('says a wrong date only once the user leaves the field, in Vietnamese, and hands over no date meanwhile', async () => {
    const onChange = vi.fn();
    await render('2025-12-08', onChange);
    const input = screen.getByLabelText<HTMLInputElement>('Ngày thực hiện');
    fireEvent.change(input, { target: { value: '31/02/2025' } });
    expect(onChange).toHaveBeenLastCalledWith('', 'invalid');
    // The text the user typed stays, although the parent now holds no date.
    expect(input.value).toBe('31/02/2025');
    expect(screen.queryByText(/Ngày không hợp lệ/)).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('false');
    fireEvent.blur(input);
    const error = screen.getByText('Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 08/12/2025.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
    // While it shows, the error follows the typing, and goes as soon as the date is right.
    fireEvent.change(input, { target: { value: '30/02/2025' } });
    expect(screen.getByText(/Ngày không hợp lệ/)).toBeTruthy();
    fireEvent.change(input, { target: { value: '28/02/2025' } });
    expect(screen.queryByText(/Ngày không hợp lệ/)).toBeNull();
    // Typing again into a right date judges nothing until the user leaves.
    fireEvent.change(input, { target: { value: '28/02/20' } });
    fireEvent.change(input, { target: { value: '28/02/202' } });
    expect(screen.queryByText(/Ngày không hợp lệ/)).toBeNull();
    fireEvent.blur(input);
    expect(screen.getByText(/Ngày không hợp lệ/)).toBeTruthy();
  });

  it('asks for a required date left empty, in English when the console is in English', async () => {
    const view = await render('2025-12-08', vi.fn(), true);
    // The harness's instances share the catalogue: add the English console texts as a fresh start does.
    view.i18n.addResourceBundle('en', 'translation', { console: consoleEn }, true, false);
    await act(() => changeLanguage(view.i18n, 'en'));
    const input = screen.getByLabelText<HTMLInputElement>('Ngày thực hiện');
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.blur(input);
    expect(screen.getByText('Enter a date as day/month/year.')).toBeTruthy();
    fireEvent.change(input, { target: { value: '12/31/2025' } });
    expect(screen.getByText('Not a valid date. Type it as day/month/year, e.g. 08/12/2025.')).toBeTruthy();
  });

  it('moves the day with the arrow keys', async () => {
    const onChange = vi.fn();
    await render('2025-12-31', onChange);
    const input = screen.getByLabelText<HTMLInputElement>('Ngày thực hiện');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.value).toBe('01/01/2026');
    expect(onChange).toHaveBeenLastCalledWith('2026-01-01', 'valid');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(onChange).toHaveBeenLastCalledWith('2025-12-30', 'valid');
  });

  it('shows a value the parent sets, unless the text already says it', async () => {
    await render('2025-12-08');
    const input = screen.getByLabelText<HTMLInputElement>('Ngày thực hiện');
    fireEvent.click(screen.getByRole('button', { name: 'set' }));
    expect(input.value).toBe('02/01/2026');
    fireEvent.change(input, { target: { value: '2/1/2026' } });
    expect(input.value).toBe('2/1/2026');
  });
});
