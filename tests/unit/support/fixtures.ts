import type { Me, WorkOrder } from '../../../src/domain';
import type { Change, PullResponse } from '../../../src/domain/protocol/sync';

let counter = 0;

/** A unique, valid UUID per call (databases in one test file must not collide). */
export function testUuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function makeWorkOrder(overrides: Partial<WorkOrder> = {}): WorkOrder {
  const id = overrides.id ?? testUuid();
  return {
    id,
    code: `YC-${id.slice(-4)}`,
    customerCode: 'PA07BT0012345',
    customerName: 'Nguyễn Văn Đức',
    phone: '0912345678',
    address: 'Thôn 3, xã Hoằng Hóa',
    commune: 'Hoằng Hóa',
    province: 'Thanh Hóa',
    lat: 19.8,
    lng: 105.8,
    stationCode: 'TBA-01',
    routeCode: 'SGCS-07',
    routeOrder: 1,
    phases: 1,
    oldMeterSerial: '00123456',
    oldMeterType: 'CV140',
    lastBilledReading: 1234.5,
    reason: 'thay công tơ cơ khí bằng công tơ điện tử đo xa',
    plannedDate: '2026-11-24',
    status: 'assigned',
    assigneeId: null,
    version: 1,
    ...overrides,
  };
}

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: testUuid(),
    username: 'tech1',
    displayName: 'Lê Văn Kỹ',
    role: 'technician',
    teamId: testUuid(),
    teamName: 'Thanh Hóa',
    ...overrides,
  };
}

export function upsert(wo: WorkOrder): Change {
  return { entity: 'workOrder', op: 'upsert', id: wo.id, version: wo.version, data: wo };
}

export function revoke(id: string, version: number): Change {
  return { entity: 'workOrder', op: 'revoke', id, version };
}

export function page(changes: Change[], overrides: Partial<PullResponse> = {}): PullResponse {
  return { cursor: 'c1', hasMore: false, reset: false, lastSeq: 0, changes, ...overrides };
}
