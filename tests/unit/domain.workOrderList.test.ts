import { describe, expect, it } from 'vitest';
import { filterTodayList, isOnTodayList, todayList } from '../../src/domain/workOrder/workOrderList';
import { makeWorkOrder } from './support/fixtures';

const today = '2026-11-24';

describe("today's work-order list", () => {
  it('holds work planned today whatever its status, and nothing planned for later', () => {
    expect(isOnTodayList(makeWorkOrder({ plannedDate: today, status: 'assigned' }), today)).toBe(true);
    expect(isOnTodayList(makeWorkOrder({ plannedDate: today, status: 'completed' }), today)).toBe(true);
    expect(isOnTodayList(makeWorkOrder({ plannedDate: '2026-11-25', status: 'assigned' }), today)).toBe(false);
  });

  it('adds earlier work that is still open and flags it overdue; earlier finished work stays off', () => {
    const late = makeWorkOrder({ plannedDate: '2026-11-20', status: 'in_progress' });
    const returned = makeWorkOrder({ plannedDate: '2026-11-21', status: 'returned' });
    const finished = makeWorkOrder({ plannedDate: '2026-11-20', status: 'completed' });
    const onTime = makeWorkOrder({ plannedDate: today, routeOrder: 9 });

    const items = todayList([late, returned, finished, onTime], today);

    expect(items.map((i) => [i.workOrder.id, i.overdue])).toEqual(
      expect.arrayContaining([
        [late.id, true],
        [returned.id, true],
        [onTime.id, false],
      ]),
    );
    expect(items.map((i) => i.workOrder.id)).not.toContain(finished.id);
  });

  it('keeps open work with no planned date on the list (otherwise it would be invisible), not overdue', () => {
    const undated = makeWorkOrder({ plannedDate: null, status: 'assigned' });
    expect(todayList([undated], today)).toEqual([{ workOrder: undated, overdue: false }]);
  });

  it('orders the list by route order, unnumbered last', () => {
    const third = makeWorkOrder({ routeOrder: null, code: 'A' });
    const second = makeWorkOrder({ routeOrder: 7 });
    const first = makeWorkOrder({ routeOrder: 2 });

    expect(todayList([third, second, first], today).map((i) => i.workOrder.id)).toEqual([first.id, second.id, third.id]);
  });

  it('narrows by search without diacritics: name, address or meter serial', () => {
    const duc = makeWorkOrder({ customerName: 'Nguyễn Văn Đức', oldMeterSerial: '11112222' });
    const hoa = makeWorkOrder({ customerName: 'Lê Thị Hoa', address: 'Xóm Đồng, xã Quảng Xương', oldMeterSerial: '99990000' });
    const all = [duc, hoa];

    expect(filterTodayList(all, { today, query: 'van duc', status: 'all' }).map((i) => i.workOrder.id)).toEqual([duc.id]);
    expect(filterTodayList(all, { today, query: 'quang xuong', status: 'all' }).map((i) => i.workOrder.id)).toEqual([hoa.id]);
    expect(filterTodayList(all, { today, query: '9999', status: 'all' }).map((i) => i.workOrder.id)).toEqual([hoa.id]);
    expect(filterTodayList(all, { today, query: '  ', status: 'all' })).toHaveLength(2);
  });

  it('narrows by exact status', () => {
    const started = makeWorkOrder({ status: 'in_progress' });
    const waiting = makeWorkOrder({ status: 'assigned' });

    expect(filterTodayList([started, waiting], { today, query: '', status: 'in_progress' }).map((i) => i.workOrder.id)).toEqual([started.id]);
  });
});
