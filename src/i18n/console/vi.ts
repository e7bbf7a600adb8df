import { mapVi } from './map.vi';
import { dashboardVi } from './dashboard.vi';
import { reviewsVi } from './reviews.vi';
import { importVi } from './import.vi';
import { usersVi } from './users.vi';
import { roadmapVi } from './roadmap.vi';
import { letterVi } from './letter.vi';
import { cashlessVi } from './cashless.vi';
import { roadmapPublicVi } from './roadmapPublic.vi';
import { customerCopyVi } from './customerCopy.vi';
import { noticesVi } from './notices.vi';
import { stockVi } from './stock.vi';

/** Console texts shared by every console screen; each screen adds its own file beside this one. */
export const consoleVi = {
  loading: 'Đang tải…',
  nav: {
    label: 'Bảng điều khiển',
    map: 'Bản đồ & phân công',
    dashboard: 'Tiến độ',
    reviews: 'Đối soát',
    roadmap: 'Lộ trình',
    cashless: 'Không tiền mặt',
    notices: 'Tin nhắn',
    import: 'Nhập dữ liệu',
    stock: 'Vật tư',
    users: 'Người dùng',
    api: 'Tài liệu API',
    apiHint: 'Mở tài liệu OpenAPI (JSON) để gửi cho đơn vị tích hợp CMIS',
    skip: 'Bỏ qua thanh điều hướng',
    role: { technician: 'Kỹ thuật viên', supervisor: 'Giám sát', admin: 'Quản trị' },
  },
  dateField: {
    placeholder: 'dd/mm/yyyy',
    format: 'Nhập theo dạng ngày/tháng/năm, ví dụ 08/12/2025.',
    invalid: 'Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 08/12/2025.',
    required: 'Hãy nhập ngày, dạng ngày/tháng/năm.',
    pick: 'Mở lịch',
  },
  map: mapVi,
  dashboard: dashboardVi,
  reviews: reviewsVi,
  import: importVi,
  users: usersVi,
  roadmap: roadmapVi,
  letter: letterVi,
  cashless: cashlessVi,
  roadmapPublic: roadmapPublicVi,
  customerCopy: customerCopyVi,
  notices: noticesVi,
  stock: stockVi,
};
export type ConsoleMessages = typeof consoleVi;
