import type { UsersMessages } from './users.vi';

export const usersEn: UsersMessages = {
  title: 'Users',
};
