/**
 * Real communes and wards after the 1 July 2025 reorganisation (Nghị quyết 1686/NQ-UBTVQH15 for Thanh Hóa,
 * 1655/NQ-UBTVQH15 for Cà Mau), each with the pre-2025 district billing data still carries and an approximate
 * centre (the former district town or ward). Customer codes start with the managing unit: PA07… is
 * Thanh Hóa (EVNNPC), PB14… Cà Mau (EVNSPC); the last two characters per area are invented for the demo.
 */
export interface Commune {
  name: string;
  kind: 'phường' | 'xã';
  district: string;
  unit: string;
  lat: number;
  lng: number;
}

export interface Province {
  name: string;
  teamName: string;
  /** Rural address unit: the north says thôn, the Mekong delta ấp; urban blocks are tổ dân phố / khóm. */
  ruralUnit: 'Thôn' | 'Ấp';
  urbanUnit: 'Tổ dân phố' | 'Khóm';
  streets: readonly string[];
  communes: readonly Commune[];
}

export const THANH_HOA: Province = {
  name: 'Thanh Hóa',
  teamName: 'Thanh Hóa',
  ruralUnit: 'Thôn',
  urbanUnit: 'Tổ dân phố',
  streets: ['Lê Lợi', 'Trần Phú', 'Bà Triệu', 'Lê Hoàn', 'Quang Trung', 'Nguyễn Trãi', 'Hạc Thành', 'Phan Chu Trinh', 'Lý Thường Kiệt', 'Trường Thi'],
  communes: [
    { name: 'Hạc Thành', kind: 'phường', district: 'Thành phố Thanh Hóa', unit: 'PA07TH', lat: 19.8075, lng: 105.776 },
    { name: 'Hàm Rồng', kind: 'phường', district: 'Thành phố Thanh Hóa', unit: 'PA07TH', lat: 19.844, lng: 105.787 },
    { name: 'Quảng Phú', kind: 'phường', district: 'Thành phố Thanh Hóa', unit: 'PA07TH', lat: 19.786, lng: 105.835 },
    { name: 'Sầm Sơn', kind: 'phường', district: 'Thành phố Sầm Sơn', unit: 'PA07SS', lat: 19.743, lng: 105.903 },
    { name: 'Bỉm Sơn', kind: 'phường', district: 'Thị xã Bỉm Sơn', unit: 'PA07BS', lat: 20.079, lng: 105.86 },
    { name: 'Tĩnh Gia', kind: 'phường', district: 'Thị xã Nghi Sơn', unit: 'PA07NG', lat: 19.45, lng: 105.733 },
    { name: 'Hoằng Hóa', kind: 'xã', district: 'Huyện Hoằng Hóa', unit: 'PA07HH', lat: 19.862, lng: 105.854 },
    { name: 'Hậu Lộc', kind: 'xã', district: 'Huyện Hậu Lộc', unit: 'PA07HL', lat: 19.925, lng: 105.889 },
    { name: 'Hà Trung', kind: 'xã', district: 'Huyện Hà Trung', unit: 'PA07HT', lat: 20.014, lng: 105.829 },
    { name: 'Nga Sơn', kind: 'xã', district: 'Huyện Nga Sơn', unit: 'PA07NS', lat: 20.005, lng: 105.968 },
    { name: 'Thọ Xuân', kind: 'xã', district: 'Huyện Thọ Xuân', unit: 'PA07TX', lat: 19.93, lng: 105.513 },
    { name: 'Yên Định', kind: 'xã', district: 'Huyện Yên Định', unit: 'PA07YD', lat: 19.998, lng: 105.635 },
    { name: 'Thiệu Hóa', kind: 'xã', district: 'Huyện Thiệu Hóa', unit: 'PA07TO', lat: 19.889, lng: 105.684 },
    { name: 'Triệu Sơn', kind: 'xã', district: 'Huyện Triệu Sơn', unit: 'PA07TS', lat: 19.82, lng: 105.601 },
    { name: 'Nông Cống', kind: 'xã', district: 'Huyện Nông Cống', unit: 'PA07NC', lat: 19.616, lng: 105.683 },
    { name: 'Vĩnh Lộc', kind: 'xã', district: 'Huyện Vĩnh Lộc', unit: 'PA07VL', lat: 20.04, lng: 105.627 },
  ],
};

export const CA_MAU: Province = {
  name: 'Cà Mau',
  teamName: 'Cà Mau',
  ruralUnit: 'Ấp',
  urbanUnit: 'Khóm',
  streets: [
    'Trần Hưng Đạo',
    'Nguyễn Tất Thành',
    'Lý Thường Kiệt',
    'Phan Ngọc Hiển',
    'Ngô Quyền',
    'Hùng Vương',
    'Nguyễn Trãi',
    'Lê Lợi',
    'Quang Trung',
    'Phạm Văn Đồng',
  ],
  communes: [
    { name: 'An Xuyên', kind: 'phường', district: 'Thành phố Cà Mau', unit: 'PB14CM', lat: 9.18, lng: 105.15 },
    { name: 'Tân Thành', kind: 'phường', district: 'Thành phố Cà Mau', unit: 'PB14CM', lat: 9.163, lng: 105.185 },
    { name: 'Lý Văn Lâm', kind: 'phường', district: 'Thành phố Cà Mau', unit: 'PB14CM', lat: 9.165, lng: 105.115 },
    { name: 'Hòa Thành', kind: 'phường', district: 'Thành phố Cà Mau', unit: 'PB14CM', lat: 9.13, lng: 105.195 },
    { name: 'Đầm Dơi', kind: 'xã', district: 'Huyện Đầm Dơi', unit: 'PB14DD', lat: 9.0, lng: 105.198 },
    { name: 'Năm Căn', kind: 'xã', district: 'Huyện Năm Căn', unit: 'PB14NC', lat: 8.7595, lng: 104.9935 },
    { name: 'Trần Văn Thời', kind: 'xã', district: 'Huyện Trần Văn Thời', unit: 'PB14TV', lat: 9.077, lng: 104.975 },
    { name: 'Sông Đốc', kind: 'xã', district: 'Huyện Trần Văn Thời', unit: 'PB14TV', lat: 9.038, lng: 104.832 },
    { name: 'Cái Nước', kind: 'xã', district: 'Huyện Cái Nước', unit: 'PB14CN', lat: 8.939, lng: 105.012 },
    { name: 'Thới Bình', kind: 'xã', district: 'Huyện Thới Bình', unit: 'PB14TB', lat: 9.351, lng: 105.092 },
    { name: 'U Minh', kind: 'xã', district: 'Huyện U Minh', unit: 'PB14UM', lat: 9.397, lng: 104.96 },
    { name: 'Cái Đôi Vàm', kind: 'xã', district: 'Huyện Phú Tân', unit: 'PB14PT', lat: 8.856, lng: 104.817 },
    { name: 'Đất Mũi', kind: 'xã', district: 'Huyện Ngọc Hiển', unit: 'PB14NH', lat: 8.63, lng: 104.76 },
  ],
};

export const PROVINCES: readonly Province[] = [THANH_HOA, CA_MAU];
