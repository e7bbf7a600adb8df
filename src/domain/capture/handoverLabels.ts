import type { SwapCompleteArgs } from '../protocol/mutations';

/**
 * The words of the official handover record (biên bản treo tháo, docs/domain.md), written once: the server's PDF
 * and the device's record view (src/i18n/capture/vi.ts) both print these. The English texts translate the same keys.
 */
export const HANDOVER_LABELS = {
  title: 'BIÊN BẢN TREO THÁO CÔNG TƠ',
  number: 'Số biên bản',
  requestCode: 'Mã yêu cầu',
  reason: 'Lý do',
  customerName: 'Tên khách hàng',
  phone: 'Điện thoại',
  representative: 'Người đại diện',
  address: 'Địa chỉ',
  customerCode: 'Mã khách hàng',
  meteringPoint: 'Mã điểm đo',
  station: 'Mã trạm',
  route: 'Mã sổ GCS',
  position: 'Vị trí lắp đặt',
  poleBox: 'Số cột / số hòm',
  installer: 'Nhân viên treo tháo',
  sealer: 'Nhân viên niêm phong',
  dateTime: 'Ngày giờ',
  gps: 'Tọa độ GPS',
  removed: 'THIẾT BỊ THÁO',
  installed: 'THIẾT BỊ TREO',
  serial: 'Số công tơ',
  model: 'Mã hiệu / chủng loại',
  phases: 'Số pha',
  kind: 'Loại',
  manufactureYear: 'Năm sản xuất',
  verificationDate: 'Ngày kiểm định',
  seals: 'Mã chì và số viên',
  sealCondition: 'Tình trạng niêm phong',
  remoteRead: 'Đo xa',
  cashless: 'Thanh toán không dùng tiền mặt',
  consentYes: 'Khách hàng đồng ý',
  consentNo: 'Khách hàng chưa đồng ý',
  notes: 'Ghi chú',
  closing: 'Thiết bị đo đếm hoạt động bình thường. Hai bên thống nhất nội dung như trên.',
  buyer: 'BÊN MUA ĐIỆN',
  buyerHint: '(ký, ghi rõ họ tên)',
  seller: 'BÊN BÁN ĐIỆN',
  sellerHint: 'Nhân viên treo tháo, niêm phong',
  noSignature: '(không ký trên máy)',
  multiplier: 'Hệ số nhân',
  mechanical: 'Cơ khí',
  electronic: 'Điện tử',
} as const;

/** Words only the printed PDF uses (its reading rows, payment lines, TI/TU table and photo page). */
export const HANDOVER_PRINT_LABELS = {
  total: 'Chỉ số tổng',
  normal: 'Chỉ số bình thường',
  peak: 'Chỉ số cao điểm',
  offPeak: 'Chỉ số thấp điểm',
  currentMethod: 'Đang dùng',
  enrolledMethod: 'Đăng ký',
  noEnrolment: 'Không đăng ký',
  transformers: 'Biến dòng (TI) / biến điện áp (TU)',
  transformerKind: 'Loại',
  transformerSerial: 'Số chế tạo',
  transformerRatio: 'Tỷ số',
  accuracyClass: 'Cấp chính xác',
  photos: 'ẢNH HIỆN TRƯỜNG',
  photoRemoved: 'Công tơ tháo',
  photoInstalled: 'Công tơ treo',
  photoSignature: 'Chữ ký khách hàng',
  photoMissing: 'ảnh chưa nhận',
  photoUnreadable: 'ảnh không hiển thị được trong PDF',
} as const;

type Handover = SwapCompleteArgs['handover'];

export const SEAL_CONDITION_LABELS: Record<SwapCompleteArgs['removed']['sealCondition'], string> = {
  intact: 'Đầy đủ, dây chì nguyên vẹn',
  broken: 'Dây chì bị đứt hoặc hỏng',
  missing: 'Không có niêm phong',
};

export const PAYMENT_METHOD_LABELS: Record<Handover['cashless']['currentMethod'], string> = {
  cash: 'Tiền mặt',
  auto_debit: 'Trích nợ tự động',
  collection_order: 'Ủy nhiệm thu',
  payment_order: 'Ủy nhiệm chi',
  internet_banking: 'Internet Banking',
  mobile_banking: 'Mobile/SMS Banking',
  e_wallet: 'Ví điện tử',
  utility_app: 'Ứng dụng / website chăm sóc khách hàng ngành điện',
};

export const POSITION_LABELS = { indoor: 'Trong nhà', outdoor: 'Ngoài nhà', pole: 'Trên cột' } as const;
export const REMOTE_READ_LABELS = { rf_mesh: 'RF-Mesh', plc: 'PLC', gprs_4g: 'GPRS/4G', nb_iot: 'NB-IoT' } as const;
