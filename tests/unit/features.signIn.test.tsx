import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import type { Me } from '../../src/domain';
import type { Result } from '../../src/domain/protocol/result';
import { SignInPage, type SignInPageProps } from '../../src/features/auth/SignInPage';
import { createI18n } from '../../src/i18n';
import { memoryKeyValue } from '../../src/platform';
import type { ApiError } from '../../src/sync';
import { makeMe } from './support/fixtures';

afterEach(() => cleanup());

async function renderSignIn(props: Partial<SignInPageProps> = {}) {
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  const onSignIn = vi.fn<SignInPageProps['onSignIn']>(() => Promise.resolve({ ok: true, value: makeMe() }));
  render(
    <I18nextProvider i18n={i18n}>
      <SignInPage onSignIn={onSignIn} expiredUser={null} online {...props} />
    </I18nextProvider>,
  );
  return { onSignIn: props.onSignIn ?? onSignIn };
}

function fillAndSubmit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('Tên đăng nhập'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Mật khẩu'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
}

const failWith = (error: ApiError) => () => Promise.resolve<Result<Me, ApiError>>({ ok: false, error });

describe('sign-in screen', () => {
  it('signs in with the trimmed username and the password', async () => {
    const { onSignIn } = await renderSignIn();
    fillAndSubmit('  tech1 ', 'demo1234');

    expect(onSignIn).toHaveBeenCalledWith('tech1', 'demo1234');
  });

  it('says in Vietnamese that the username or password is wrong', async () => {
    await renderSignIn({ onSignIn: failWith({ code: 'INVALID_CREDENTIALS', status: 401, retryable: false }) });
    fillAndSubmit('tech1', 'wrong');

    expect((await screen.findByRole('alert')).textContent).toBe('Sai tên đăng nhập hoặc mật khẩu. Kiểm tra lại và thử lại.');
    expect(screen.getByLabelText<HTMLInputElement>('Mật khẩu').value).toBe('');
  });

  it('tells how long to wait when sign-in is rate limited', async () => {
    await renderSignIn({
      onSignIn: failWith({ code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 60_000 }),
    });
    fillAndSubmit('tech1', 'wrong');

    expect((await screen.findByRole('alert')).textContent).toContain('1 phút');
  });

  it('asks for both fields before trying', async () => {
    const { onSignIn } = await renderSignIn();
    fillAndSubmit('tech1', '');

    expect(screen.getByRole('alert').textContent).toBe('Hãy nhập tên đăng nhập và mật khẩu.');
    expect(onSignIn).not.toHaveBeenCalled();
  });

  it('warns offline that the first sign-in needs a connection', async () => {
    await renderSignIn({ online: false });

    expect(screen.getByText(/Lần đăng nhập đầu tiên trên máy này cần có mạng/)).toBeTruthy();
  });

  it('shows the password on request', async () => {
    await renderSignIn();
    const password = screen.getByLabelText<HTMLInputElement>('Mật khẩu');
    expect(password.type).toBe('password');

    fireEvent.click(screen.getByLabelText('Hiện mật khẩu'));
    expect(password.type).toBe('text');
  });

  it('after an expired session keeps the username and says the data is kept', async () => {
    await renderSignIn({ expiredUser: makeMe({ username: 'tech7' }) });

    expect(screen.getByLabelText<HTMLInputElement>('Tên đăng nhập').value).toBe('tech7');
    expect(screen.getByText(/Dữ liệu trên máy vẫn được giữ nguyên/)).toBeTruthy();
  });

  it('switches the screen to English', async () => {
    await renderSignIn();
    fireEvent.click(screen.getByRole('button', { name: 'English' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
  });
});
