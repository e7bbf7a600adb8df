export const importVi = {
  title: 'Nhập dữ liệu từ CMIS',
};
export type ImportMessages = typeof importVi;
