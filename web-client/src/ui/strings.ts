import { defineStrings } from '../i18n/i18n.js';

/** Strings of the shared components. */
export const uiStrings = defineStrings(
  {
    skipToContent: 'Chuyển đến nội dung chính',
    required: 'bắt buộc',
    back: 'Quay lại',
  },
  {
    skipToContent: 'Skip to main content',
    required: 'required',
    back: 'Go back',
  },
);
