export const mapVi = {
  title: 'Bản đồ & phân công',
};
export type MapMessages = typeof mapVi;
