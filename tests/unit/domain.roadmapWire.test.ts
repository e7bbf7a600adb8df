import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Roadmap, ROADMAP_MAX_CAPACITY, RoadmapConfirmRequest } from '../../src/domain/campaign/roadmap';

describe('the roadmap on the wire', () => {
  const crowdedDay = {
    date: '2026-12-08',
    technicianId: randomUUID(),
    hamlets: ['Thôn 1'],
    orderIds: Array.from({ length: ROADMAP_MAX_CAPACITY + 50 }, () => randomUUID()),
  };

  it('reads a day an ordinary assignment filled past the capacity (the console still shows the roadmap)', () => {
    const roadmap = {
      commune: 'Xã Hậu Lộc',
      province: 'Thanh Hóa',
      hamlets: [],
      days: [crowdedDay],
      confirmedAt: null,
      confirmedBy: null,
      capacityPerDay: null,
    };
    expect(Roadmap.parse(roadmap).days[0]?.orderIds).toHaveLength(ROADMAP_MAX_CAPACITY + 50);
  });

  it('refuses to confirm such a day: a plan keeps each day within the capacity', () => {
    const result = RoadmapConfirmRequest.safeParse({ commune: 'Xã Hậu Lộc', capacityPerDay: 15, days: [crowdedDay] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain('days.0.orderIds');
  });
});
