import { describe, expect, it } from 'vitest';
import { mergeNotice, noticeStanding, type WorkOrderNotice } from '../../src/domain/workOrder/notice';

const n = (over: Partial<WorkOrderNotice>): WorkOrderNotice => ({
  via: 'zalo',
  state: 'sent',
  at: '2026-11-24T03:00:00.000Z',
  forDate: '2026-11-25',
  ...over,
});

describe('a work order notice', () => {
  it('keeps the stronger state for the same day whatever the order the events arrive in', () => {
    const sent = n({});
    const delivered = n({ state: 'delivered', at: '2026-11-24T03:05:00.000Z' });
    const failedLate = n({ state: 'failed', at: '2026-11-24T04:00:00.000Z' });
    const told = n({ via: 'in_person', state: 'delivered', at: '2026-11-24T02:00:00.000Z' });
    expect(mergeNotice(sent, delivered)).toEqual(delivered);
    expect(mergeNotice(delivered, sent)).toEqual(delivered);
    expect(mergeNotice(delivered, failedLate)).toEqual(delivered);
    expect(mergeNotice(failedLate, told)).toEqual(told);
    expect(mergeNotice(null, failedLate)).toEqual(failedLate);
    // Same state: the later one.
    expect(mergeNotice(told, delivered)).toEqual(delivered);
    expect(mergeNotice(delivered, told)).toEqual(delivered);
  });

  it('takes the later notice when the plan moved to another day, even a weaker one', () => {
    const oldDay = n({ state: 'delivered' });
    const newDay = n({ forDate: '2026-11-27', at: '2026-11-26T01:00:00.000Z' });
    expect(mergeNotice(oldDay, newDay)).toEqual(newDay);
    expect(mergeNotice(newDay, oldDay)).toEqual(newDay);
  });

  it('says what the technician should do: nothing yet, told, sent, failed, or told of another day', () => {
    expect(noticeStanding(null, '2026-11-25').kind).toBe('none');
    expect(noticeStanding(n({ state: 'delivered' }), '2026-11-25').kind).toBe('told');
    expect(noticeStanding(n({}), '2026-11-25').kind).toBe('sent');
    expect(noticeStanding(n({ state: 'failed' }), '2026-11-25').kind).toBe('failed');
    expect(noticeStanding(n({ state: 'delivered' }), '2026-11-28').kind).toBe('stale');
    // An order without a planned day takes any notice as current.
    expect(noticeStanding(n({ state: 'delivered' }), null).kind).toBe('told');
  });
});
