import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { PwaUpdateContext } from '../../src/runtime/contexts';
import { PwaUpdate } from '../../src/runtime/pwaUpdate';
import { hasUnsavedChanges, registerUnsavedChanges } from '../../src/runtime/unsavedChanges';
import { UpdatePrompt } from '../../src/app/UpdatePrompt';
import { createI18n } from '../../src/i18n';
import { memoryKeyValue } from '../../src/platform';

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const c of cleanups.splice(0)) c();
});

async function renderPrompt() {
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  const update = new PwaUpdate();
  render(
    <I18nextProvider i18n={i18n}>
      <PwaUpdateContext.Provider value={update}>
        <UpdatePrompt />
      </PwaUpdateContext.Provider>
    </I18nextProvider>,
  );
  return update;
}

describe('update prompt', () => {
  it('stays hidden until a new version is waiting', async () => {
    await renderPrompt();
    expect(screen.queryByTestId('update-prompt')).toBeNull();
  });

  it('reloads into the new version only when the user taps "Cập nhật"', async () => {
    const update = await renderPrompt();
    const apply = vi.fn(() => Promise.resolve());
    act(() => update.updateWaiting(apply));

    expect(screen.getByTestId('update-prompt').textContent).toContain('Có phiên bản mới');
    expect(apply).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cập nhật' }));
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('with unsaved input asks to save first and needs a confirmation', async () => {
    cleanups.push(registerUnsavedChanges(() => true));
    const update = await renderPrompt();
    const apply = vi.fn(() => Promise.resolve());
    act(() => update.updateWaiting(apply));

    expect(screen.getByTestId('update-prompt').textContent).toContain('Hãy lưu thông tin đang nhập');
    fireEvent.click(screen.getByRole('button', { name: 'Cập nhật' }));
    expect(apply).not.toHaveBeenCalled();
    expect(screen.getByTestId('update-prompt').textContent).toContain('Vẫn cập nhật?');

    fireEvent.click(screen.getByRole('button', { name: 'Vẫn cập nhật' }));
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('can be put off until later', async () => {
    const update = await renderPrompt();
    act(() => update.updateWaiting(() => Promise.resolve()));
    fireEvent.click(screen.getByRole('button', { name: 'Để sau' }));

    expect(screen.queryByTestId('update-prompt')).toBeNull();
  });
});

describe('unsaved-changes registry', () => {
  it('reports dirty while any registered form is dirty, and forgets forms that unregister', () => {
    expect(hasUnsavedChanges()).toBe(false);
    let dirty = false;
    const unregister = registerUnsavedChanges(() => dirty);
    expect(hasUnsavedChanges()).toBe(false);
    dirty = true;
    expect(hasUnsavedChanges()).toBe(true);
    unregister();
    expect(hasUnsavedChanges()).toBe(false);
  });
});
