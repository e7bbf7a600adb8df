export const dashboardVi = {
  title: 'Tiến độ',
};
export type DashboardMessages = typeof dashboardVi;
