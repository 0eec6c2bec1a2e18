import { defineStrings } from '../i18n/i18n.js';

/** The local camera, microphone and sound controls the point page and the host console share. */
export const mediaStrings = defineStrings(
  {
    camera: 'Camera',
    microphone: 'Micro',
    cameraN: 'Camera {n}',
    microphoneN: 'Micro {n}',
    deviceCamera: 'camera',
    deviceMic: 'micro',
    noDevices: 'Không tìm thấy thiết bị',
    micLevel: 'Mức âm thanh micro',
    levelOf: 'Mức âm thanh của {name}',
    previewLabel: 'Hình ảnh camera của bạn',
    cameraOff: 'Camera đang tắt',
    noVideo: 'Chưa có hình',
    enableSound: 'Bấm để bật âm thanh',
    soundBlocked: 'Trình duyệt đang chặn âm thanh của hội nghị.',
    opening: 'Đang mở thiết bị…',
    retryDevices: 'Thử mở lại thiết bị',
    errorDenied:
      'Trình duyệt không cho phép dùng {device}. Hãy bấm biểu tượng ổ khoá trên thanh địa chỉ, cho phép, rồi thử lại.',
    errorNotFound: 'Không tìm thấy {device}. Hãy cắm thiết bị hoặc chọn thiết bị khác.',
    errorBusy: 'Ứng dụng khác đang dùng {device}. Hãy đóng ứng dụng đó rồi thử lại.',
    errorEnded: 'Thiết bị {device} vừa bị ngắt. Hãy cắm lại hoặc chọn thiết bị khác.',
    errorUnsupported:
      'Trình duyệt này không dùng được camera và micro (cần địa chỉ https và Chrome, Edge, Firefox hoặc Safari bản mới).',
    errorFailed: 'Không mở được {device}.',
    errorInsecure: 'Trang mở bằng http thường nên trình duyệt không cho dùng {device}.',
    insecureTitle: 'Trang này không dùng được camera và micro',
    insecureWhy:
      'Trang đang mở bằng địa chỉ http thường ({origin}). Trình duyệt chỉ cho dùng camera và micro trên địa chỉ https (hoặc trên chính máy chủ, localhost).',
    insecureWhat:
      'Hãy mở đường dẫn https mà ban tổ chức gửi (bắt đầu bằng https://). Nếu trình duyệt báo chứng chỉ không an toàn, hãy cài chứng chỉ gốc của máy chủ lên máy này theo hướng dẫn của ban tổ chức, rồi mở lại.',
    insecureTry: 'Mở trang này bằng https',
    problemTitle: 'Chưa dùng được camera hoặc micro',
  },
  {
    camera: 'Camera',
    microphone: 'Microphone',
    cameraN: 'Camera {n}',
    microphoneN: 'Microphone {n}',
    deviceCamera: 'camera',
    deviceMic: 'microphone',
    noDevices: 'No device found',
    micLevel: 'Microphone level',
    levelOf: 'Sound level of {name}',
    previewLabel: 'Your camera',
    cameraOff: 'Camera is off',
    noVideo: 'No picture yet',
    enableSound: 'Click to enable sound',
    soundBlocked: 'The browser is blocking the conference sound.',
    opening: 'Opening the device…',
    retryDevices: 'Try the devices again',
    errorDenied:
      'The browser does not allow the {device}. Click the padlock in the address bar, allow it, then try again.',
    errorNotFound: 'No {device} found. Plug one in or choose another device.',
    errorBusy: 'Another application is using the {device}. Close it and try again.',
    errorEnded: 'The {device} was disconnected. Plug it in again or choose another device.',
    errorUnsupported:
      'This browser cannot use a camera and microphone here (it needs an https address and a recent Chrome, Edge, Firefox or Safari).',
    errorFailed: 'Could not open the {device}.',
    errorInsecure: 'The page was opened over plain http, so the browser does not allow the {device}.',
    insecureTitle: 'This page cannot use the camera and microphone',
    insecureWhy:
      'The page was opened at a plain http address ({origin}). Browsers allow the camera and microphone only at https addresses (or on the server itself, localhost).',
    insecureWhat:
      'Open the https link the organisers sent (it starts with https://). If the browser says the certificate is not trusted, install the server’s root certificate on this computer as the organisers explain, then open it again.',
    insecureTry: 'Open this page over https',
    problemTitle: 'The camera or microphone is not available',
  },
);
