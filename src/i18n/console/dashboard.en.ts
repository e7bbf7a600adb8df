import type { DashboardMessages } from './dashboard.vi';

export const dashboardEn: DashboardMessages = {
  title: 'Progress',
};
