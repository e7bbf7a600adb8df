export const usersVi = {
  title: 'Người dùng',
};
export type UsersMessages = typeof usersVi;
