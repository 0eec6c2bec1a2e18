import { defineStrings } from './i18n.js';

/** Strings every page shares. */
export const common = defineStrings(
  {
    appName: 'diemcau — Điểm cầu trực tuyến',
    language: 'Ngôn ngữ',
    loading: 'Đang tải…',
    retry: 'Thử lại',
    close: 'Đóng',
    cancel: 'Huỷ',
    save: 'Lưu',
    networkError: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
  },
  {
    appName: 'diemcau — Online bridge points',
    language: 'Language',
    loading: 'Loading…',
    retry: 'Try again',
    close: 'Close',
    cancel: 'Cancel',
    save: 'Save',
    networkError: 'Cannot reach the server. Check the network and try again.',
  },
);
