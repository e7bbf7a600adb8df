import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleShell } from '../../src/features/console/ConsoleShell';
import { makeMe } from './support/fixtures';
import { fakeServer, renderConsole } from './support/consoleHarness';

afterEach(cleanup);

describe('console shell: the API document link', () => {
  it('shows admins a link to the OpenAPI JSON, opened in a new tab', async () => {
    const admin = makeMe({ role: 'admin', username: 'admin', teamId: null, teamName: null });
    await renderConsole(<ConsoleShell me={admin} />, { transport: fakeServer({}).transport });
    const link = await screen.findByRole('link', { name: 'Tài liệu API' });
    expect(link.getAttribute('href')).toBe('/api/v1/openapi.json');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('does not show it to supervisors', async () => {
    await renderConsole(<ConsoleShell me={makeMe({ role: 'supervisor' })} />, { transport: fakeServer({}).transport });
    await screen.findByRole('link', { name: 'Đối soát' });
    expect(screen.queryByRole('link', { name: 'Tài liệu API' })).toBeNull();
  });
});
