import { lazy, Suspense, useMemo } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { Me } from '../domain';
import { WorkOrderListPage } from '../features/technician/workOrders/WorkOrderListPage';
import { DeviceProvider, OutboxOverviewProvider, type UserDatabase } from '../local';
import type { SyncEngine } from '../sync';
import { usePlatform } from '../platform/PlatformContext';
import { AppShell } from './AppShell';
import { SyncEngineContext } from '../runtime/contexts';

// The list is the first screen; the detail page loads when first opened (precached for offline).
const WorkOrderDetailPage = lazy(() =>
  import('../features/technician/workOrders/WorkOrderDetailPage').then((m) => ({ default: m.WorkOrderDetailPage })),
);

// The capture flow (steps, photos, signature pad, scanner) and the handover record are their own chunks:
// none of it weighs on the first screen (precached all the same, so they open offline).
const CapturePage = lazy(() => import('../features/technician/capture/CapturePage').then((m) => ({ default: m.CapturePage })));
const HandoverRecordPage = lazy(() =>
  import('../features/technician/capture/record/HandoverRecordPage').then((m) => ({ default: m.HandoverRecordPage })),
);

// The end-of-day view ("Dữ liệu gửi đi"), opened from the header badge.
const OutboxPage = lazy(() => import('../features/technician/outbox/OutboxPage').then((m) => ({ default: m.OutboxPage })));

// "Vật tư": the stock the technician holds (issue 16), opened from the end-of-day view.
const MyStockPage = lazy(() => import('../features/technician/stock/MyStockPage').then((m) => ({ default: m.MyStockPage })));

// Supervisors and admins get the console instead of the technician's screens.
const ConsoleApp = lazy(() => import('../features/console/ConsoleApp').then((m) => ({ default: m.ConsoleApp })));

export interface SignedInAppProps {
  me: Me;
  db: UserDatabase;
  engine: SyncEngine;
}

export function SignedInApp({ me, db, engine }: SignedInAppProps) {
  const { clock, random } = usePlatform();
  // Commands on the device's data take their time and ids from the platform (fixed in tests).
  const deps = useMemo(() => ({ now: () => clock.now(), uuid: () => random.uuid() }), [clock, random]);
  if (me.role !== 'technician') {
    return (
      <DeviceProvider db={db} deps={deps}>
        <SyncEngineContext.Provider value={engine}>
          <Suspense fallback={null}>
            <ConsoleApp me={me} />
          </Suspense>
        </SyncEngineContext.Provider>
      </DeviceProvider>
    );
  }
  return (
    <DeviceProvider db={db} deps={deps}>
      <SyncEngineContext.Provider value={engine}>
        <OutboxOverviewProvider>
          <BrowserRouter>
            <Routes>
              <Route element={<AppShell me={me} />}>
                <Route index element={<WorkOrderListPage />} />
                <Route path="work-orders/:id" element={<WorkOrderDetailPage />} />
                <Route path="work-orders/:id/capture" element={<CapturePage me={me} />} />
                <Route path="outbox" element={<OutboxPage />} />
                <Route path="stock" element={<MyStockPage />} />
                <Route path="*" element={<WorkOrderListPage />} />
              </Route>
              {/* Full screen, no app header: the record is shown to the customer and printed. */}
              <Route
                path="work-orders/:id/handover"
                element={
                  <Suspense fallback={null}>
                    <HandoverRecordPage />
                  </Suspense>
                }
              />
            </Routes>
          </BrowserRouter>
        </OutboxOverviewProvider>
      </SyncEngineContext.Provider>
    </DeviceProvider>
  );
}
