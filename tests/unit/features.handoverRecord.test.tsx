import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { swapDraftToArgs } from '../../src/domain/capture/swapArgs';
import type { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import { HandoverRecord } from '../../src/features/technician/capture/record/HandoverRecord';
import { useCaptureMessages } from '../../src/i18n/capture/useCaptureMessages';
import { openUserDatabase, type RecordRow, type UserDatabase } from '../../src/local';
import { completeDraft, SITE, swapContext } from './support/captureFixtures';
import { fakePlatform } from './support/fakePlatform';
import { makeWorkOrder, testUuid } from './support/fixtures';
import { renderPage } from './support/render';

const opened: UserDatabase[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function WithMessages({ record }: { record: Extract<RecordRow, { kind: 'swap' }> }) {
  useCaptureMessages();
  return <HandoverRecord record={record} />;
}

async function showRecord(phases: 1 | 3, change: (args: SwapCompleteArgs) => SwapCompleteArgs) {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  const wo = makeWorkOrder({ ...SITE, phases });
  const built = swapDraftToArgs(completeDraft(wo), swapContext(wo), '2026-11-24T04:00:00.000Z');
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  const record: Extract<RecordRow, { kind: 'swap' }> = {
    kind: 'swap',
    id: built.value.completionId,
    workOrderId: wo.id,
    workOrder: wo,
    technicianName: 'Nguyễn Văn Hùng',
    seq: 1,
    day: '2026-11-24',
    createdAt: 0,
    recordNo: 'BB-20261124-00000000',
    args: change(built.value),
  };
  await renderPage(<WithMessages record={record} />, { db, platform: fakePlatform() });
  return screen.getByTestId('handover-record');
}

/** The value printed next to a label (the last block that has it: the installed meter for per-meter rows). */
function valueOf(doc: HTMLElement, label: string): string {
  const rows = within(doc).getAllByText(label, { selector: 'dt' });
  return rows.at(-1)?.nextElementSibling?.textContent ?? '';
}

describe('handover record view', () => {
  it('prints "—" for the fields a record from an older device does not carry, and the installer as sealer', async () => {
    const doc = await showRecord(1, (args) => args);
    for (const label of ['Vị trí lắp đặt', 'Số cột / số hòm', 'Năm sản xuất', 'Ngày kiểm định', 'Đo xa']) expect(valueOf(doc, label)).toBe('—');
    expect(valueOf(doc, 'Nhân viên niêm phong')).toBe('Nguyễn Văn Hùng');
    expect(within(doc).queryByTestId('record-transformers')).toBeNull();
  });

  it('prints the new fields, seal kinds, the removed seal codes, and TI/TU with the multiplier', async () => {
    const doc = await showRecord(3, (args) => ({
      ...args,
      removed: { ...args.removed, sealCodes: ['C-1', 'C-2'] },
      installed: {
        ...args.installed,
        seals: [{ code: 'NP-123', beads: 2, kind: 'box' }],
        position: 'pole',
        poleBoxNo: 'Cột 7',
        manufactureYear: 2025,
        verificationDate: '2026-03-05',
        remoteRead: 'plc',
        transformers: [{ kind: 'ti', serial: 'TI-9', ratio: '200/5', accuracyClass: '0.5' }],
        multiplier: 40,
      },
      handover: { ...args.handover, sealerName: 'Trần Văn Niêm' },
    }));
    expect(valueOf(doc, 'Vị trí lắp đặt')).toBe('Trên cột');
    expect(valueOf(doc, 'Số cột / số hòm')).toBe('Cột 7');
    expect(valueOf(doc, 'Nhân viên niêm phong')).toBe('Trần Văn Niêm');
    expect(valueOf(doc, 'Năm sản xuất')).toBe('2025');
    expect(valueOf(doc, 'Ngày kiểm định')).toBe('05/03/2026');
    expect(valueOf(doc, 'Đo xa')).toBe('PLC');
    expect(valueOf(doc, 'Mã chì và số viên')).toBe('NP-123 × 2 viên (Hòm công tơ)');
    expect(within(doc).getAllByText('Mã chì và số viên', { selector: 'dt' })[0]?.nextElementSibling?.textContent).toBe('C-1; C-2');
    const transformers = within(doc).getByTestId('record-transformers');
    expect(transformers.textContent).toContain('TI số TI-9, tỷ số 200/5, cấp chính xác 0.5');
    expect(valueOf(doc, 'Hệ số nhân')).toBe('40');
    expect(within(doc).getByText('Niêm phong: Trần Văn Niêm')).toBeTruthy();
  });
});
