import type { EndpointName } from '../../src/domain/protocol/endpoints';

/**
 * Examples for the OpenAPI document, in Vietnamese where the data is Vietnamese (names, addresses, communes,
 * notes). tests/server/openapi.test.ts validates each against its schema, so they cannot drift from the contract.
 */
export interface EndpointExamples {
  request?: unknown;
  /** A raw request body (CSV). */
  rawRequest?: string;
  response?: unknown;
}

const WORK_ORDER = {
  id: '0b8f2a5e-6c1d-4e8a-9f3b-2d7c1a4e5b60',
  code: 'PA05TH0012345',
  customerCode: 'PA05TH0001234',
  customerName: 'Lê Thị Hoa',
  phone: '0912345678',
  address: 'Số 12, thôn Đông Hải, phường Hạc Thành',
  commune: 'Phường Hạc Thành',
  hamlet: 'Thôn Đông Hải',
  province: 'Thanh Hóa',
  lat: 19.8067,
  lng: 105.7852,
  stationCode: 'TBA-DH-03',
  routeCode: 'SGCS-07',
  routeOrder: 14,
  phases: 1,
  oldMeterSerial: '13023456',
  oldMeterType: 'Cơ 1 pha 5(20)A',
  lastBilledReading: 10234.5,
  reason: 'Thay định kỳ',
  plannedDate: '2026-11-24',
  status: 'assigned',
  assigneeId: '5d1c3e7a-2b4f-4c6d-8e9f-0a1b2c3d4e5f',
  version: 3,
};

const FIGURES = {
  planned: 120,
  completed: 85,
  approved: 60,
  returned: 2,
  failed: 9,
  remaining: 35,
  firstVisitSuccessRate: 0.91,
  awaitingPhotos: 1,
  failureReasons: { KV01: 5, KV03: 4 },
  cashlessBefore: 20,
  cashlessEnrolled: 18,
};

const TECH_1 = '5d1c3e7a-2b4f-4c6d-8e9f-0a1b2c3d4e5f';
const TECH_2 = '6e2d4f8b-3c5a-4d7e-9fa0-1b2c3d4e5f60';
const ROADMAP_DAYS = [
  {
    date: '2026-12-05',
    technicianId: TECH_1,
    hamlets: ['Thôn Đông Hải'],
    orderIds: [WORK_ORDER.id, '1c9a3b6f-7d2e-4f9b-a04c-3e8d2b5f6c71'],
  },
  { date: '2026-12-05', technicianId: TECH_2, hamlets: ['Thôn Đông Hải'], orderIds: ['2dab4c70-8e3f-4a0c-b15d-4f9e3c6a7d82'] },
  { date: '2026-12-07', technicianId: TECH_1, hamlets: ['Tổ dân phố 3'], orderIds: ['3ebc5d81-9f4a-4b1d-826e-5a0f4d7b8e93'] },
];
const ROADMAP_HAMLET = { total: 0, plannable: 0, inHand: 0, failed: 0, cancelled: 0, unplanned: 0, firstDate: null, lastDate: null };

export const EXAMPLES: Partial<Record<EndpointName, EndpointExamples>> = {
  health: { response: { status: 'ok', db: 'sqlite', version: '0.1.0' } },
  'auth.login': {
    request: { username: 'supervisor1', password: 'demo1234' },
    response: {
      id: '8a6e0f3c-1b2d-4c5e-9f7a-6b5c4d3e2f10',
      username: 'supervisor1',
      displayName: 'Nguyễn Văn Hùng',
      role: 'supervisor',
      teamId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
      teamName: 'Thanh Hóa',
    },
  },
  'workOrders.list': { response: { items: [WORK_ORDER], nextCursor: null } },
  'workOrders.import': {
    rawRequest:
      'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DTHOAI;DIA_CHI;XA_PHUONG;TINH;lat;lng;SO_CTO;CHI_SO_CU\n' +
      ';PA05TH0001234;Lê Thị Hoa;0912345678;Số 12, thôn Đông Hải;Phường Hạc Thành;Thanh Hóa;19,8067;105,7852;13023456;10234,5\n',
    response: { dryRun: true, created: 1, updated: 0, rows: 1 },
  },
  'reviews.resolve': { request: { decision: 'return', note: 'Ảnh chỉ số công tơ mới bị mờ: chụp lại ảnh rõ số.' } },
  'assignments.create': {
    request: { workOrderIds: [WORK_ORDER.id], technicianId: WORK_ORDER.assigneeId, plannedDate: '2026-11-25' },
    response: { assigned: 1, route: [WORK_ORDER.id] },
  },
  'reports.progress': {
    response: {
      groupBy: 'commune',
      rows: [{ ...FIGURES, key: 'Phường Hạc Thành', label: 'Phường Hạc Thành', lat: 19.8067, lng: 105.7852 }],
      totals: FIGURES,
      generatedAt: '2026-11-24T03:00:00.000Z',
    },
  },
  'roadmaps.communes': {
    response: {
      communes: [
        {
          commune: 'Phường Hạc Thành',
          province: 'Thanh Hóa',
          total: 412,
          plannable: 380,
          planned: 4,
          done: 25,
          hamlets: 9,
          confirmedAt: '2026-12-04T02:15:00.000Z',
        },
      ],
    },
  },
  'roadmaps.propose': {
    request: { commune: 'Phường Hạc Thành', technicianIds: [TECH_1, TECH_2], capacityPerDay: 2, startDate: '2026-12-05' },
    response: {
      commune: 'Phường Hạc Thành',
      startDate: '2026-12-05',
      capacityPerDay: 2,
      technicianIds: [TECH_1, TECH_2],
      days: ROADMAP_DAYS,
      hamlets: [
        { name: 'Thôn Đông Hải', count: 3, firstDate: '2026-12-05', lastDate: '2026-12-05' },
        { name: 'Tổ dân phố 3', count: 1, firstDate: '2026-12-07', lastDate: '2026-12-07' },
      ],
      skippedDays: [{ date: '2026-12-06', reason: 'sunday' }],
      endDate: '2026-12-07',
    },
  },
  'roadmaps.confirm': {
    request: { commune: 'Phường Hạc Thành', capacityPerDay: 2, days: ROADMAP_DAYS },
    response: {
      commune: 'Phường Hạc Thành',
      province: 'Thanh Hóa',
      hamlets: [
        { ...ROADMAP_HAMLET, name: 'Thôn Đông Hải', total: 5, plannable: 3, inHand: 2, firstDate: '2026-12-05', lastDate: '2026-12-05' },
        { ...ROADMAP_HAMLET, name: 'Tổ dân phố 3', total: 2, plannable: 1, failed: 1, firstDate: '2026-12-07', lastDate: '2026-12-07' },
        { ...ROADMAP_HAMLET, name: 'khác', total: 1, cancelled: 1 },
      ],
      days: ROADMAP_DAYS,
      confirmedAt: '2026-12-04T02:15:00.000Z',
      confirmedBy: 'Lê Văn Thành',
      capacityPerDay: 2,
    },
  },
  'teams.list': { response: { items: [{ id: '3f2e1d0c-9b8a-4765-8432-10fedcba9876', name: 'Thanh Hóa', province: 'Thanh Hóa' }] } },
};
