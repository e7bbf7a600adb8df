import type { Role } from '../../src/domain/users/auth';

/** Every demo account signs in with this password (demo mode only). */
export const DEMO_PASSWORD = 'demo1234';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Team name; null for the admin. */
  team: string | null;
}

/** The accounts of design §3, with names a Thanh Hóa or Cà Mau crew could plausibly carry. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: 'Đặng Minh Quân', role: 'admin', team: null },
  { username: 'supervisor1', displayName: 'Lê Văn Thành', role: 'supervisor', team: 'Thanh Hóa' },
  { username: 'tech1', displayName: 'Nguyễn Văn Hùng', role: 'technician', team: 'Thanh Hóa' },
  { username: 'tech2', displayName: 'Trịnh Thị Hoa', role: 'technician', team: 'Thanh Hóa' },
  { username: 'tech3', displayName: 'Hoàng Đức Mạnh', role: 'technician', team: 'Thanh Hóa' },
  { username: 'supervisor2', displayName: 'Trần Minh Tâm', role: 'supervisor', team: 'Cà Mau' },
  { username: 'tech4', displayName: 'Huỳnh Văn Phúc', role: 'technician', team: 'Cà Mau' },
  { username: 'tech5', displayName: 'Lâm Thị Ngọc Hân', role: 'technician', team: 'Cà Mau' },
  { username: 'tech6', displayName: 'Nguyễn Hoàng Khang', role: 'technician', team: 'Cà Mau' },
];

export const FAMILY_NAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Trịnh',
  'Lâm',
  'Mai',
  'Đinh',
];
export const MALE_MIDDLE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Xuân', 'Công', 'Đình', 'Ngọc'];
export const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Minh'];
export const MALE_GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hải',
  'Hiếu',
  'Hùng',
  'Khải',
  'Long',
  'Nam',
  'Phúc',
  'Quang',
  'Sơn',
  'Tâm',
  'Thắng',
  'Tuấn',
  'Trung',
  'Việt',
  'Vinh',
  'Toàn',
];
export const FEMALE_GIVEN = [
  'Hà',
  'Hạnh',
  'Hoa',
  'Hương',
  'Lan',
  'Linh',
  'Mai',
  'Nga',
  'Nhung',
  'Oanh',
  'Phương',
  'Thảo',
  'Trang',
  'Vân',
  'Yến',
  'Hằng',
  'Loan',
  'Thủy',
  'Huyền',
  'Dung',
];
