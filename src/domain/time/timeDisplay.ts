import { formatDate, formatTime } from './time';

/** `HH:mm dd/MM/yyyy` (24 h, Asia/Ho_Chi_Minh): "Cập nhật lúc 14:05 24/11/2026". */
export function formatTimeThenDate(instant: Date): string {
  return `${formatTime(instant)} ${formatDate(instant)}`;
}
