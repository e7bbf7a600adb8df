import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import fc from 'fast-check';
import { useTranslation } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Technician } from '../../src/domain/workOrder/assignments';
import type { WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import type { WorkOrderMapPoints } from '../../src/domain/workOrder/workOrderQuery';
import { FilterBar } from '../../src/features/console/map/FilterBar';
import { buildIndex, describeFeature, pointsInBounds, pointsInPolygon, routeStart } from '../../src/features/console/map/pointIndex';
import { SelectionPanel } from '../../src/features/console/map/SelectionPanel';
import { failureMessage } from '../../src/features/console/map/useSelection';
import { ViewportList } from '../../src/features/console/map/ViewportList';
import { createApiClient } from '../../src/sync';
import { assignWorkOrders } from '../../src/consoleApi/assignments';
import { fetchMapPoints, fetchWorkOrders } from '../../src/consoleApi/workOrders';
import { fakeServer, renderConsole } from './support/consoleHarness';
import { fakePlatform } from './support/fakePlatform';

afterEach(() => cleanup());

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const TECH_A = uuid(9001);
const TECH_B = uuid(9002);
const technicians: Technician[] = [
  { id: TECH_A, username: 'tech1', displayName: 'Nguyễn Văn Hùng', teamId: uuid(1) },
  { id: TECH_B, username: 'tech2', displayName: 'Trần Thị Lan', teamId: uuid(1) },
];
const nameOf = (id: string | null) => (id === null ? 'Chưa giao' : (technicians.find((t) => t.id === id)?.displayName ?? '—'));

/** Points on a small grid near Thanh Hóa; status and assignee by position. */
function makePoints(count: number, pick: (i: number) => { status?: WorkOrderStatus; assigneeId?: string | null } = () => ({})): WorkOrderMapPoints {
  const rows = Array.from({ length: count }, (_, i) => ({ i, ...pick(i) }));
  return {
    ids: rows.map(({ i }) => uuid(i + 1)),
    codes: rows.map(({ i }) => `TT-${String(i + 1).padStart(4, '0')}`),
    lat: rows.map(({ i }) => 19.8 + (i % 10) * 0.001),
    lng: rows.map(({ i }) => 105.77 + Math.floor(i / 10) * 0.001),
    status: rows.map((r) => r.status ?? 'unassigned'),
    assigneeIds: rows.map((r) => r.assigneeId ?? null),
    communes: rows.map(() => 'Phường Hạc Thành'),
    plannedDates: rows.map(() => null),
  };
}

describe('point index', () => {
  it('clusters every point once and counts them by status group', () => {
    const points = makePoints(50, (i) => ({ status: i < 20 ? 'unassigned' : i < 45 ? 'assigned' : 'completed' }));
    const features = buildIndex(points).getClusters([-180, -85, 180, 85], 3);
    expect(features).toHaveLength(1);
    const [only] = features;
    if (!only) throw new Error('no feature');
    expect(describeFeature(only)).toMatchObject({ kind: 'cluster', count: 50, groups: [20, 25, 5, 0] });
  });

  it('shows single points with their index at street zoom', () => {
    const points = makePoints(3);
    points.lng = [105.7, 105.8, 105.9];
    const features = buildIndex(points).getClusters([105, 19, 106, 20], 18);
    expect(features.map((f) => describeFeature(f)).sort((a, b) => ('index' in a && 'index' in b ? a.index - b.index : 0))).toEqual([
      { kind: 'point', index: 0 },
      { kind: 'point', index: 1 },
      { kind: 'point', index: 2 },
    ]);
  });

  it('finds the points inside a bounding box', () => {
    const points = makePoints(30);
    // Columns 0 and 1 (lng 105.770, 105.771), rows 0..4 (lat 19.800..19.804).
    expect(pointsInBounds(points, [105.7695, 19.7995, 105.7715, 19.8045])).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    expect(pointsInBounds(points, [0, 0, 1, 1])).toEqual([]);
  });

  /** A polygon as geoman hands it over: GeoJSON, [lng, lat] corners, the ring closed. */
  const polygon = (corners: [number, number][]): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [[...corners, corners[0] ?? [0, 0]]] });
  const pointsAt = (coords: readonly (readonly [number, number])[]): WorkOrderMapPoints => {
    const points = makePoints(coords.length);
    return { ...points, lng: coords.map(([lng]) => lng), lat: coords.map(([, lat]) => lat) };
  };

  it('finds the points inside a drawn polygon, the concave notch of an L left out', () => {
    // An L-shaped area: the notch at the top right is outside.
    const shape = polygon([
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
    ]);
    const points = pointsAt([
      [0.5, 0.5],
      [1.5, 0.5],
      [0.5, 1.5],
      [1.5, 1.5],
      [0.5, -0.1],
      [2.1, 0.5],
    ]);
    expect(pointsInPolygon(points, shape)).toEqual([0, 1, 2]);
  });

  it('counts a point on the edge of a polygon as inside, as the rectangle does', () => {
    const points = pointsAt([
      [101, 10.5],
      [100.5, 11],
      [100, 10],
    ]);
    expect(
      pointsInPolygon(
        points,
        polygon([
          [100, 10],
          [101, 10],
          [101, 11],
          [100, 11],
        ]),
      ),
    ).toEqual([0, 1, 2]);
  });

  it('agrees with the bounding box for a rectangle drawn as a polygon', () => {
    const rect = polygon([
      [100, 10],
      [101, 10],
      [101, 11],
      [100, 11],
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 99.5, max: 101.5, noNaN: true }), fc.double({ min: 9.5, max: 11.5, noNaN: true })), { maxLength: 30 }),
        (coords) => {
          const points = pointsAt(coords);
          expect(pointsInPolygon(points, rect)).toEqual(pointsInBounds(points, [100, 10, 101, 11]));
        },
      ),
    );
  });

  it('starts a route at the selected stop farthest from the centre', () => {
    const points = makePoints(30);
    expect(routeStart(points, [11, 0, 12])).toBe(0);
    expect(routeStart(points, [])).toBeUndefined();
  });
});

describe('console map API wrappers', () => {
  it('sends the filters as query parameters (statuses as a comma list) and the visiting order with an assignment', async () => {
    const points = makePoints(2);
    const server = fakeServer({
      'GET /work-orders/map': () => ({ body: points }),
      'GET /work-orders': () => ({ body: { items: [], nextCursor: null } }),
      'POST /assignments': () => ({ body: { assigned: 2, route: [points.ids[1], points.ids[0]] } }),
    });
    const api = createApiClient({ transport: server.transport, clock: fakePlatform().clock });
    const loaded = await fetchMapPoints(api, { status: ['unassigned', 'failed_visit'], assigneeId: 'none', commune: 'Phường Hạc Thành' });
    expect(loaded.ok && loaded.value.ids).toEqual(points.ids);
    const [mapRequest] = server.requests('GET', '/work-orders/map');
    expect(Object.fromEntries(mapRequest?.query ?? [])).toEqual({
      status: 'unassigned,failed_visit',
      assigneeId: 'none',
      commune: 'Phường Hạc Thành',
    });

    await fetchWorkOrders(api, { bbox: [105.7, 19.7, 105.9, 19.9], limit: 100 });
    expect(Object.fromEntries(server.requests('GET', '/work-orders')[0]?.query ?? [])).toEqual({ bbox: '105.7,19.7,105.9,19.9', limit: '100' });

    const assigned = await assignWorkOrders(api, {
      workOrderIds: [points.ids[1] ?? '', points.ids[0] ?? ''],
      technicianId: TECH_A,
      plannedDate: '2026-11-24',
      routeOrder: 'given',
    });
    expect(assigned.ok).toBe(true);
    expect(server.requests('POST', '/assignments')[0]?.body).toEqual({
      workOrderIds: [points.ids[1], points.ids[0]],
      technicianId: TECH_A,
      plannedDate: '2026-11-24',
      routeOrder: 'given',
    });
  });
});

describe('selection panel', () => {
  const noop = () => undefined;
  const baseProps = {
    technicians,
    technicianName: nameOf,
    today: '2026-11-24',
    route: null,
    busy: false,
    onPropose: noop,
    onDiscardRoute: noop,
    onClear: noop,
  };

  /** The technicians endpoint: each one's load when a date is asked (3 for tech1 and 0 for tech2 on 26/11/2026). */
  const loadsServer = () =>
    fakeServer({
      'GET /technicians': (request) => {
        const date = request.query.get('date');
        const load = (id: string) => (date === '2026-11-26' && id === TECH_A ? 3 : date === null ? undefined : 0);
        return { body: { items: technicians.map((tech) => ({ ...tech, ...(load(tech.id) === undefined ? {} : { load: load(tech.id) }) })) } };
      },
    });

  it('says how many orders move from whom once a technician is chosen, and assigns with the technician and date', async () => {
    const points = makePoints(5, (i) => ({ status: i < 2 ? 'assigned' : 'unassigned', assigneeId: i < 2 ? TECH_B : null }));
    const onAssign = vi.fn();
    await renderConsole(<SelectionPanel {...baseProps} points={points} selected={[0, 1, 2, 3]} onAssign={onAssign} />, {
      transport: loadsServer().transport,
    });

    expect(screen.getByRole('heading', { name: 'Đã chọn 4 công việc' })).toBeTruthy();
    // Nothing is wrong before the user tries: no error about the technician yet.
    expect(screen.queryByText('Hãy chọn kỹ thuật viên trước khi phân công.')).toBeNull();
    // No planned date on these orders: today, and nothing to say about it.
    expect(screen.getByLabelText<HTMLInputElement>('Ngày thực hiện').value).toBe('24/11/2026');

    fireEvent.change(screen.getByLabelText('Giao cho'), { target: { value: TECH_A } });
    expect(screen.getByText('Chuyển 2 công việc từ Trần Thị Lan')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Ngày thực hiện'), { target: { value: '26/11/2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Phân công' }));
    expect(onAssign).toHaveBeenCalledWith(TECH_A, '2026-11-26');
  });

  it('says a technician is missing only once the user tries to assign, and sends nothing', async () => {
    const onAssign = vi.fn();
    await renderConsole(<SelectionPanel {...baseProps} points={makePoints(3)} selected={[0, 1]} onAssign={onAssign} />, {
      transport: loadsServer().transport,
    });
    const picker = screen.getByLabelText('Giao cho');
    expect(picker.getAttribute('aria-invalid')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Phân công' }));
    expect(onAssign).not.toHaveBeenCalled();
    const error = screen.getByRole('alert');
    expect(error.textContent).toBe('Hãy chọn kỹ thuật viên trước khi phân công.');
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(picker.getAttribute('aria-describedby')).toContain(error.id);
    expect(document.activeElement).toBe(picker);
    fireEvent.change(picker, { target: { value: TECH_B } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("tells technicians of the same name apart by username and shows each one's load on the chosen day", async () => {
    const namesake: Technician = { id: uuid(9003), username: 'hung2', displayName: 'Nguyễn Văn Hùng', teamId: uuid(1) };
    const server = fakeServer({
      'GET /technicians': (request) => ({
        body: {
          items: [...technicians, namesake].map((tech) => ({
            ...tech,
            load: request.query.get('date') === '2026-11-26' && tech.id === TECH_A ? 3 : 0,
          })),
        },
      }),
    });
    await renderConsole(
      <SelectionPanel {...baseProps} technicians={[...technicians, namesake]} points={makePoints(3)} selected={[0]} onAssign={vi.fn()} />,
      {
        transport: server.transport,
      },
    );
    const options = () => [...screen.getByLabelText<HTMLSelectElement>('Giao cho').options].map((o) => o.textContent);
    await waitFor(() => expect(options()).toContain('Nguyễn Văn Hùng (tech1) · đã có 0 việc'));
    expect(options()).toContain('Nguyễn Văn Hùng (hung2) · đã có 0 việc');
    expect(screen.getByText('Số việc sau mỗi tên: công việc đã giao cho người đó trong ngày 24/11/2026.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Ngày thực hiện'), { target: { value: '26/11/2026' } });
    await waitFor(() => expect(options()).toContain('Nguyễn Văn Hùng (tech1) · đã có 3 việc'));
    expect(server.seen.filter((r) => r.path === '/technicians').map((r) => r.query.get('date'))).toEqual(['2026-11-24', '2026-11-26']);
  });

  it('defaults the day to the planned date the selected orders share, and says which planned dates another day replaces', async () => {
    const points = makePoints(4);
    points.plannedDates = ['2026-12-08', '2026-12-08', '2026-12-08', '2026-12-09'];
    const onAssign = vi.fn();
    await renderConsole(<SelectionPanel {...baseProps} points={points} selected={[0, 1, 2]} onAssign={onAssign} />, {
      transport: loadsServer().transport,
    });
    const date = screen.getByLabelText<HTMLInputElement>('Ngày thực hiện');
    expect(date.value).toBe('08/12/2026');
    expect(screen.getByText('Theo ngày kế hoạch của các công việc đã chọn.')).toBeTruthy();

    fireEvent.change(date, { target: { value: '07/12/2026' } });
    expect(screen.getByText('Ngày kế hoạch của 3 công việc sẽ đổi từ 08/12/2026 sang 07/12/2026.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Giao cho'), { target: { value: TECH_A } });
    fireEvent.click(screen.getByRole('button', { name: 'Phân công' }));
    expect(onAssign).toHaveBeenCalledWith(TECH_A, '2026-12-07');
  });

  it('defaults to today when the selected orders have different planned dates, naming each date it replaces', async () => {
    const points = makePoints(2);
    points.plannedDates = ['2026-12-09', '2026-12-08'];
    await renderConsole(<SelectionPanel {...baseProps} points={points} selected={[0, 1]} onAssign={vi.fn()} />, {
      transport: loadsServer().transport,
    });
    expect(screen.getByLabelText<HTMLInputElement>('Ngày thực hiện').value).toBe('24/11/2026');
    expect(screen.getByText('Ngày kế hoạch của 2 công việc sẽ đổi từ 08/12/2026, 09/12/2026 sang 24/11/2026.')).toBeTruthy();
    expect(screen.queryByText('Theo ngày kế hoạch của các công việc đã chọn.')).toBeNull();
  });

  it('asks for a day when the date is cleared, once the user tries to assign', async () => {
    const onAssign = vi.fn();
    await renderConsole(<SelectionPanel {...baseProps} points={makePoints(2)} selected={[0, 1]} onAssign={onAssign} />, {
      transport: loadsServer().transport,
    });
    fireEvent.change(screen.getByLabelText('Giao cho'), { target: { value: TECH_A } });
    fireEvent.change(screen.getByLabelText('Ngày thực hiện'), { target: { value: '' } });
    expect(screen.queryByText('Hãy nhập ngày, dạng ngày/tháng/năm.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Phân công' }));
    expect(screen.getByText('Hãy nhập ngày, dạng ngày/tháng/năm.')).toBeTruthy();
    expect(onAssign).not.toHaveBeenCalled();
  });

  it('refuses more than 500 orders and flags finished ones before anything is sent', async () => {
    const points = makePoints(501, (i) => ({ status: i === 0 ? 'completed' : 'unassigned' }));
    await renderConsole(<SelectionPanel {...baseProps} points={points} selected={points.ids.map((_, i) => i)} onAssign={noop} />, {
      transport: fakeServer({}).transport,
    });
    expect(screen.getByText('Mỗi lần chỉ phân công được tối đa 500 công việc. Hãy chọn vùng nhỏ hơn.')).toBeTruthy();
    expect(screen.getByText(/1 công việc đã xong hoặc đã hủy/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Đề xuất lộ trình' }).hasAttribute('disabled')).toBe(true);
  });

  it('shows the proposed route with its length against the input order', async () => {
    const points = makePoints(3);
    await renderConsole(
      <SelectionPanel {...baseProps} points={points} selected={[0, 1, 2]} route={{ stops: 3, km: 1.25, beforeKm: 2.5 }} onAssign={noop} />,
      {
        transport: fakeServer({}).transport,
      },
    );
    expect(screen.getByTestId('route-summary').textContent).toBe('Lộ trình đề xuất: 3 điểm, 1,3 km đường chim bay (thứ tự cũ: 2,5 km).');
    expect(screen.getByRole('button', { name: 'Phân công theo lộ trình' })).toBeTruthy();
  });
});

describe('viewport list', () => {
  it('lists the first 100 orders in view with a Vietnamese count, and a row toggles its order in the selection and focuses its marker', async () => {
    const points = makePoints(2345, (i) => ({ status: i % 2 === 0 ? 'unassigned' : 'assigned', assigneeId: i % 2 === 0 ? null : TECH_A }));
    const onFocus = vi.fn();
    const onToggle = vi.fn();
    const onSelectAll = vi.fn();
    const visible = points.ids.map((_, i) => i);
    await renderConsole(
      <ViewportList
        points={points}
        visible={visible}
        selected={new Set([2])}
        focused={null}
        technicianName={nameOf}
        onFocus={onFocus}
        onToggle={onToggle}
        onSelectAll={onSelectAll}
      />,
      { transport: fakeServer({}).transport },
    );
    expect(screen.getByTestId('map-list-count').textContent).toBe('Đang hiển thị 100 / 2.345');
    const rows = screen.getAllByRole('button', { name: /TT-/ });
    expect(rows).toHaveLength(100);
    expect(within(rows[1] as HTMLElement).getByText('Nguyễn Văn Hùng')).toBeTruthy();
    expect(rows.map((row) => row.getAttribute('aria-pressed')).slice(0, 3)).toEqual(['false', 'false', 'true']);
    fireEvent.click(rows[1] as HTMLElement);
    expect(onToggle).toHaveBeenCalledWith(1);
    expect(onFocus).toHaveBeenCalledWith(1);
    fireEvent.click(rows[2] as HTMLElement);
    expect(onToggle).toHaveBeenLastCalledWith(2);
    fireEvent.click(screen.getByRole('button', { name: 'Chọn tất cả trong danh sách' }));
    expect(onSelectAll).toHaveBeenCalled();
  });
});

describe('filter bar', () => {
  it('adds statuses to the filter and filters unassigned work', async () => {
    const onChange = vi.fn();
    const view = await renderConsole(<FilterBar filter={{}} onChange={onChange} technicians={technicians} communes={['Phường Hạc Thành']} />, {
      transport: fakeServer({}).transport,
    });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Chưa phân công' }));
    expect(onChange).toHaveBeenLastCalledWith({ status: ['unassigned'] });
    fireEvent.change(screen.getByLabelText('Kỹ thuật viên'), { target: { value: 'none' } });
    expect(onChange).toHaveBeenLastCalledWith({ assigneeId: 'none' });

    view.rerender(
      <FilterBar
        filter={{ status: ['unassigned'], commune: 'Phường Hạc Thành' }}
        onChange={onChange}
        technicians={technicians}
        communes={['Phường Hạc Thành']}
      />,
    );
    fireEvent.click(screen.getByRole('checkbox', { name: 'Chưa phân công' }));
    expect(onChange).toHaveBeenLastCalledWith({ commune: 'Phường Hạc Thành' });
  });
});

describe('assignment errors', () => {
  it('names each refused work order by its code, in Vietnamese', async () => {
    const points = makePoints(3);
    let message: ReturnType<typeof failureMessage> | null = null;
    function Probe() {
      const { t } = useTranslation();
      message = failureMessage(
        t,
        {
          code: 'VALIDATION_FAILED',
          status: 400,
          retryable: false,
          fieldErrors: [
            { path: 'workOrderIds.1', code: 'not_assignable', message: 'A completed work order cannot be assigned.' },
            { path: 'workOrderIds.0', code: 'other_team', message: 'x' },
          ],
        },
        points,
        [points.ids[2] ?? '', points.ids[0] ?? ''],
      );
      return null;
    }
    await renderConsole(<Probe />, { transport: fakeServer({}).transport });
    expect(message).toMatchObject({
      kind: 'error',
      details: ['TT-0001: trạng thái này không phân công được', 'TT-0003: thuộc đội khác với kỹ thuật viên'],
    });
    expect((message as { text: string } | null)?.text).toMatch(/^Chưa phân công được\. /);
  });
});
