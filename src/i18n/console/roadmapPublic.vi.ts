/** The loudspeaker announcement and the public page links of the Lộ trình screen (issue 15 §2), Vietnamese. */
export const roadmapPublicVi = {
  printAnnouncement: 'In thông báo loa',
  publicPage: 'Trang công khai',
  publicPageHint: 'Trang tiến độ của xã cho người dân, không cần đăng nhập (mở trong thẻ mới)',
  announcement: {
    title: 'Thông báo trên loa truyền thanh',
    intro: 'Mỗi tuần một bản, đọc chậm và rõ, khoảng hai phút. Khi in, mỗi tuần một trang.',
    phone: 'Số điện thoại của tổ (được đọc trong thông báo)',
    phoneHint: 'Lấy sẵn từ “Thiết lập công văn” của tổ. Xóa trống nếu không muốn đọc số điện thoại.',
    print: 'In',
    download: 'Tải tệp .txt',
    back: 'Về Lộ trình',
    week: 'Tuần {{week}}: {{days}}',
    length: '{{syllables}} tiếng, khoảng {{minutes}} phút đọc',
    noCommune: 'Chưa chọn xã. Mở màn hình Lộ trình và chọn một xã.',
  },
};
export type RoadmapPublicMessages = typeof roadmapPublicVi;
