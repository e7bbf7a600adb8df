import { lazy } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import type { Me } from '../../domain/users/auth';
import { ConsoleShell } from './ConsoleShell';

// Each console screen is its own chunk; the map (Leaflet, supercluster) never weighs on the technician's bundle.
const MapPage = lazy(() => import('./map/MapPage').then((m) => ({ default: m.MapPage })));
const DashboardPage = lazy(() => import('./dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const ReviewsPage = lazy(() => import('./reviews/ReviewsPage').then((m) => ({ default: m.ReviewsPage })));
const ImportPage = lazy(() => import('./import/ImportPage').then((m) => ({ default: m.ImportPage })));
const RoadmapPage = lazy(() => import('./roadmap/RoadmapPage').then((m) => ({ default: m.RoadmapPage })));
const CashlessPage = lazy(() => import('./cashless/CashlessPage').then((m) => ({ default: m.CashlessPage })));
const NoticesPage = lazy(() => import('./notices/NoticesPage').then((m) => ({ default: m.NoticesPage })));
const AnnouncementPrintPage = lazy(() => import('./roadmap/AnnouncementPrintPage').then((m) => ({ default: m.AnnouncementPrintPage })));
const StockPage = lazy(() => import('./stock/StockPage').then((m) => ({ default: m.StockPage })));
const UsersPage = lazy(() => import('./users/UsersPage').then((m) => ({ default: m.UsersPage })));

/** The supervisor's and admin's console (issue 5): online screens under /console. */
export function ConsoleApp({ me }: { me: Me }) {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="console" element={<ConsoleShell me={me} />}>
          <Route path="map" element={<MapPage me={me} />} />
          <Route path="dashboard" element={<DashboardPage me={me} />} />
          <Route path="reviews" element={<ReviewsPage me={me} />} />
          <Route path="roadmap" element={<RoadmapPage me={me} />} />
          <Route path="cashless" element={<CashlessPage me={me} />} />
          <Route path="notices" element={<NoticesPage me={me} />} />
          <Route path="roadmap/announcement" element={<AnnouncementPrintPage me={me} />} />
          <Route path="stock" element={<StockPage me={me} />} />
          <Route path="import" element={<ImportPage me={me} />} />
          {me.role === 'admin' && <Route path="users" element={<UsersPage me={me} />} />}
          <Route index element={<Navigate to="map" replace />} />
        </Route>
        <Route path="*" element={<Navigate to="/console/map" replace />} />
      </Routes>
    </BrowserRouter>
  );
}
