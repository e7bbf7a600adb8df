import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { UserView } from '../../src/domain/users/users';
import { UsersPage } from '../../src/features/console/users/UsersPage';
import { makeMe, testUuid } from './support/fixtures';
import { fakeServer, problemAnswer, renderConsole } from './support/consoleHarness';

afterEach(cleanup);

const admin = makeMe({ role: 'admin', username: 'admin', teamId: null, teamName: null });
const thanhHoa = { id: testUuid(), name: 'Thanh Hóa', province: 'Thanh Hóa' };
const caMau = { id: testUuid(), name: 'Cà Mau', province: 'Cà Mau' };

function user(username: string, overrides: Partial<UserView> = {}): UserView {
  return UserView.parse({
    id: testUuid(),
    username,
    displayName: username.toUpperCase(),
    role: 'technician',
    teamId: thanhHoa.id,
    active: true,
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  });
}

function usersServer(users: UserView[], createAnswer?: () => ReturnType<typeof problemAnswer>) {
  return fakeServer({
    'GET /users': () => ({ body: { items: users } }),
    'GET /teams': () => ({ body: { items: [thanhHoa, caMau] } }),
    'POST /users': ({ body }) => createAnswer?.() ?? { status: 201, body: user('new', body as Partial<UserView>) },
    'PATCH /users/:id': ({ path, body }) => ({ body: { ...users.find((u) => path.endsWith(u.id)), ...(body as object) } }),
    'DELETE /users/:id/sessions': () => ({ status: 204, body: null }),
  });
}

describe('console users (admin)', () => {
  it('lists users and filters by role, team and status', async () => {
    const server = usersServer([
      user('tech1'),
      user('tech4', { teamId: caMau.id }),
      user('supervisor1', { role: 'supervisor' }),
      user('old', { active: false }),
    ]);
    await renderConsole(<UsersPage me={admin} />, { transport: server.transport });
    await screen.findByText('tech1');
    await screen.findAllByRole('option', { name: 'Cà Mau' });

    fireEvent.change(screen.getByLabelText('Đội'), { target: { value: caMau.id } });
    expect(
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getByRole('rowheader').textContent),
    ).toEqual(['tech4']);
    fireEvent.change(screen.getByLabelText('Đội'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Vai trò'), { target: { value: 'supervisor' } });
    expect(
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getByRole('rowheader').textContent),
    ).toEqual(['supervisor1']);
    fireEvent.change(screen.getByLabelText('Vai trò'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Trạng thái'), { target: { value: 'inactive' } });
    expect(
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getByRole('rowheader').textContent),
    ).toEqual(['old']);
  });

  it('checks the create form before sending: username, name, password, team', async () => {
    const server = usersServer([]);
    await renderConsole(<UsersPage me={admin} />, { transport: server.transport });
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo người dùng' }));
    const form = screen.getByRole('form', { name: 'Tạo người dùng mới' });

    fireEvent.change(within(form).getByLabelText('Tên đăng nhập'), { target: { value: 'Tư Lê' } });
    fireEvent.change(within(form).getByLabelText('Mật khẩu'), { target: { value: 'short' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tạo' }));

    const alerts = (await within(form).findAllByRole('alert')).map((a) => a.textContent);
    expect(alerts).toEqual([
      'Tên đăng nhập cần 3–40 ký tự: chữ thường không dấu, số, ".", "-" hoặc "_".',
      'Nhập họ tên.',
      'Nhân viên và tổ trưởng phải thuộc một đội. Chọn đội.',
      'Mật khẩu cần ít nhất 8 ký tự.',
    ]);
    expect(server.requests('POST', '/users')).toHaveLength(0);
  });

  it('creates a user and shows the server’s “username taken” in Vietnamese', async () => {
    let taken = true;
    const server = usersServer([], () =>
      taken
        ? problemAnswer(400, 'VALIDATION_FAILED', { errors: [{ path: 'username', code: 'taken', message: 'Choose another username.' }] })
        : { status: 201, body: user('tech9') },
    );
    await renderConsole(<UsersPage me={admin} />, { transport: server.transport });
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo người dùng' }));
    await screen.findAllByRole('option', { name: 'Cà Mau' });
    const form = screen.getByRole('form', { name: 'Tạo người dùng mới' });
    fireEvent.change(within(form).getByLabelText('Tên đăng nhập'), { target: { value: 'tech1' } });
    fireEvent.change(within(form).getByLabelText('Họ tên'), { target: { value: 'Nguyễn Văn Chín' } });
    fireEvent.change(within(form).getByLabelText('Đội'), { target: { value: caMau.id } });
    fireEvent.change(within(form).getByLabelText('Mật khẩu'), { target: { value: 'matkhau123' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tạo' }));

    expect(await within(form).findByText('Tên đăng nhập này đã có người dùng. Chọn tên khác.')).toBeTruthy();
    expect(server.requests('POST', '/users')[0]?.body).toEqual({
      username: 'tech1',
      displayName: 'Nguyễn Văn Chín',
      role: 'technician',
      teamId: caMau.id,
      password: 'matkhau123',
    });

    taken = false;
    fireEvent.change(within(form).getByLabelText('Tên đăng nhập'), { target: { value: 'tech9' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tạo' }));
    expect(await screen.findByText('Đã tạo tài khoản tech9.')).toBeTruthy();
  });

  it('moves a technician to another team and resets the password, sending only what changed', async () => {
    const tech = user('tech1');
    const server = usersServer([tech]);
    await renderConsole(<UsersPage me={admin} />, { transport: server.transport });
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa tech1' }));
    await screen.findAllByRole('option', { name: 'Cà Mau' });
    const form = screen.getByRole('form', { name: 'Sửa tài khoản tech1' });

    fireEvent.change(within(form).getByLabelText('Đội'), { target: { value: caMau.id } });
    fireEvent.change(within(form).getByLabelText('Mật khẩu mới'), { target: { value: 'matkhau-moi' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));

    await screen.findByText('Đã lưu thay đổi của tech1.');
    expect(server.requests('PATCH', `/users/${tech.id}`)[0]?.body).toEqual({ teamId: caMau.id, password: 'matkhau-moi' });
  });

  it('deactivates only after confirming that the account is signed out everywhere', async () => {
    const tech = user('tech2', { displayName: 'Trần Văn Hai' });
    const server = usersServer([tech]);
    await renderConsole(<UsersPage me={admin} />, { transport: server.transport });
    fireEvent.click(await screen.findByRole('button', { name: 'Khoá tài khoản' }));

    const confirm = screen.getByRole('alertdialog');
    expect(confirm.textContent).toContain('Tài khoản sẽ bị đăng xuất khỏi mọi thiết bị');
    expect(server.requests('PATCH', `/users/${tech.id}`)).toHaveLength(0);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Xác nhận' }));

    await waitFor(() => expect(server.requests('PATCH', `/users/${tech.id}`)[0]?.body).toEqual({ active: false }));
    expect(await screen.findByText(/Đã khoá Trần Văn Hai/)).toBeTruthy();
  });

  it('signs a user out of every device (lost phone) after confirming, without touching the account', async () => {
    const tech = user('tech2', { displayName: 'Trần Văn Hai' });
    const server = usersServer([tech, user('old', { active: false })]);
    await renderConsole(<UsersPage me={admin} />, { transport: server.transport });
    // Only active accounts have sessions to end.
    expect(await screen.findAllByRole('button', { name: 'Đăng xuất mọi thiết bị' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Đăng xuất mọi thiết bị' }));

    const confirm = screen.getByRole('alertdialog');
    expect(confirm.textContent).toContain('Tài khoản và mật khẩu giữ nguyên');
    expect(server.requests('DELETE', `/users/${tech.id}/sessions`)).toHaveLength(0);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Xác nhận' }));

    expect(await screen.findByText('Đã đăng xuất Trần Văn Hai khỏi mọi thiết bị.')).toBeTruthy();
    expect(server.requests('DELETE', `/users/${tech.id}/sessions`)).toHaveLength(1);
    expect(server.requests('PATCH', `/users/${tech.id}`)).toHaveLength(0);
  });

  it('edits a team’s letter settings: defaults shown, lists one a line, a bad field named before anything is sent', async () => {
    const defaults = {
      parentBody: 'TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM',
      issuingBody: 'CÔNG TY ĐIỆN LỰC CÀ MAU',
      symbol: 'ĐL-KD',
      place: 'Cà Mau',
      contactName: 'Cà Mau',
      contactPhone: '1900 1006',
      signerName: '',
      signerTitle: ['GIÁM ĐỐC'],
      paymentOptions: ['Ví điện tử', 'Ngân hàng'],
    };
    const server = fakeServer({
      'GET /users': () => ({ body: { items: [] } }),
      'GET /teams': () => ({ body: { items: [thanhHoa, caMau] } }),
      'GET /teams/:id/settings': ({ path }) => ({
        body: {
          teamId: path.split('/')[2],
          teamName: path.includes(caMau.id) ? 'Cà Mau' : 'Thanh Hóa',
          saved: false,
          updatedAt: null,
          settings: defaults,
        },
      }),
      'PUT /teams/:id/settings': ({ path, body }) => ({
        body: { teamId: path.split('/')[2], teamName: 'Cà Mau', saved: true, updatedAt: '2026-11-24T03:00:00.000Z', settings: body },
      }),
    });
    await renderConsole(<UsersPage me={admin} />, { transport: server.transport });
    const section = await screen.findByRole('form', { name: 'Thiết lập công văn' });
    fireEvent.change(within(section.parentElement ?? section).getByLabelText('Công văn của đội'), { target: { value: caMau.id } });
    await waitFor(() => expect(server.requests('GET', `/teams/${caMau.id}/settings`)).toHaveLength(1));
    expect(await screen.findByText(/Chưa lưu thiết lập/)).toBeTruthy();

    // No signer yet: refused here, nothing sent.
    fireEvent.click(screen.getByRole('button', { name: 'Lưu thiết lập' }));
    expect(await screen.findByText('Giá trị chưa hợp lệ: kiểm tra lại ô này.')).toBeTruthy();
    expect(server.requests('PUT', `/teams/${caMau.id}/settings`)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Họ tên người ký'), { target: { value: 'Nguyễn Văn Bình' } });
    fireEvent.change(screen.getByLabelText('Chức vụ người ký'), { target: { value: 'KT. GIÁM ĐỐC\n\nPHÓ GIÁM ĐỐC ' } });
    fireEvent.change(screen.getByLabelText('Ký hiệu công văn'), { target: { value: 'PCCM-KD' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu thiết lập' }));
    await waitFor(() =>
      expect(server.requests('PUT', `/teams/${caMau.id}/settings`)[0]?.body).toEqual({
        ...defaults,
        symbol: 'PCCM-KD',
        signerName: 'Nguyễn Văn Bình',
        signerTitle: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
      }),
    );
    expect(await screen.findByText('Đã lưu thiết lập công văn của đội Cà Mau.')).toBeTruthy();
  });
});
