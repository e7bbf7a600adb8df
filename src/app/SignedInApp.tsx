import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { Me } from '../domain';
import { WorkOrderListPage } from '../features/workOrders/WorkOrderListPage';
import { LocalDatabaseProvider, type UserDatabase } from '../local';
import type { SyncEngine } from '../sync';
import { AppShell } from './AppShell';
import { SyncEngineContext } from './AppContexts';

// The list is the first screen; the detail page loads when first opened (precached for offline).
const WorkOrderDetailPage = lazy(() =>
  import('../features/workOrders/WorkOrderDetailPage').then((m) => ({ default: m.WorkOrderDetailPage })),
);

export interface SignedInAppProps {
  me: Me;
  db: UserDatabase;
  engine: SyncEngine;
}

export function SignedInApp({ me, db, engine }: SignedInAppProps) {
  return (
    <LocalDatabaseProvider db={db}>
      <SyncEngineContext.Provider value={engine}>
        <BrowserRouter>
          <Routes>
            <Route element={<AppShell me={me} />}>
              <Route index element={<WorkOrderListPage />} />
              <Route path="work-orders/:id" element={<WorkOrderDetailPage />} />
              <Route path="*" element={<WorkOrderListPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SyncEngineContext.Provider>
    </LocalDatabaseProvider>
  );
}
