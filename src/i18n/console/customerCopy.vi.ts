/** The "customer's copy" section of a completion in the review screen (issue 15 §3), Vietnamese. */
export const customerCopyVi = {
  title: 'Bản của khách hàng',
  intro:
    'Đường dẫn để khách hàng xem và tải biên bản treo tháo, không cần đăng nhập. Mỗi lần chỉ một đường dẫn dùng được; tạo đường dẫn mới thì đường dẫn cũ hết hiệu lực.',
  issue: 'Tạo đường dẫn',
  reissue: 'Tạo đường dẫn mới',
  link: 'Đường dẫn cho khách hàng',
  copy: 'Sao chép',
  copied: 'Đã sao chép',
  expires: 'Hết hạn lúc {{time}}',
  shownOnce: 'Đường dẫn chỉ hiện một lần: hãy sao chép và gửi cho khách hàng ngay.',
  revoke: 'Thu hồi đường dẫn',
  revoked: 'Đã thu hồi: đường dẫn cũ không còn mở được.',
};
export type CustomerCopyMessages = typeof customerCopyVi;
