// The console's page on how halls on other machines reach the server over https.
import { defineStrings } from '../../i18n/i18n.js';

export const certificateStrings = defineStrings(
  {
    nav: 'Kết nối điểm cầu',
    heading: 'Kết nối điểm cầu qua https',
    why: 'Trình duyệt chỉ cho dùng camera và micro trên địa chỉ https. Mọi điểm cầu ở máy khác phải mở đường dẫn https của máy chủ.',
    loading: 'Đang đọc cấu hình https của máy chủ…',
    offTitle: 'Máy chủ đang chạy http thường.',
    offBody:
      'Như vậy chỉ dùng được trên chính máy chủ (localhost), hoặc khi một proxy phía trước (nginx, bộ cân bằng tải) cung cấp https. Nếu không có proxy, hãy đặt PUBLIC_URL là địa chỉ mạng LAN của máy chủ rồi khởi động lại: máy chủ sẽ tự bật https (xem docs/network.md).',
    givenTitle: 'Máy chủ dùng chứng chỉ được cấp (TLS_CERT).',
    givenBody:
      'Điểm cầu không cần cài gì thêm, miễn là chứng chỉ do một tổ chức được trình duyệt tin cậy cấp.',
    madeTitle: 'Máy chủ dùng chứng chỉ do chính nó tạo.',
    madeBody:
      'Trên mỗi máy điểm cầu, hãy cài chứng chỉ gốc dưới đây một lần. Sau đó trình duyệt không còn cảnh báo, và camera, micro dùng được.',
    download: 'Tải chứng chỉ gốc (diemcau-root-ca.crt)',
    downloadHint: 'Trên máy điểm cầu, mở {url} để tải về.',
    fingerprint: 'Dấu vân tay SHA-256 (so với dấu vân tay hệ điều hành hiển thị khi cài):',
    validTo: 'Hiệu lực đến: {date}',
    names: 'Chứng chỉ máy chủ dùng được cho: {names}',
    howTo: 'Cách cài chứng chỉ gốc',
    windows: 'Windows',
    windowsSteps:
      'Mở tệp đã tải → “Install Certificate…” (Cài đặt chứng chỉ) → chọn “Local Machine” → “Place all certificates in the following store” → Browse → “Trusted Root Certification Authorities” → Next → Finish. Khởi động lại trình duyệt.',
    macos: 'macOS',
    macosSteps:
      'Mở tệp đã tải: Keychain Access (Truy cập chuỗi khoá) hiện ra, thêm vào chuỗi khoá “System”. Bấm đúp vào “diemcau local CA” → Trust → “When using this certificate: Always Trust”, đóng cửa sổ và nhập mật khẩu. Khởi động lại trình duyệt.',
    android: 'Android',
    androidSteps:
      'Cài đặt → Bảo mật (và quyền riêng tư) → Cài đặt bảo mật khác → Mã hoá và thông tin xác thực → Cài đặt chứng chỉ → Chứng chỉ CA → Vẫn cài đặt → chọn tệp đã tải. Tên mục có thể khác đôi chút tuỳ hãng máy.',
    ios: 'iPhone, iPad',
    iosSteps:
      'Mở liên kết bằng Safari và cho phép tải hồ sơ. Vào Cài đặt → Cài đặt chung → VPN và quản lý thiết bị → chọn hồ sơ “diemcau local CA” → Cài đặt. Sau đó vào Cài đặt → Cài đặt chung → Giới thiệu → Cài đặt tin cậy chứng nhận và bật tin cậy hoàn toàn cho “diemcau local CA”.',
    firefox:
      'Firefox dùng kho chứng chỉ riêng nếu không tin kho của hệ thống: Cài đặt → Riêng tư & Bảo mật → Chứng chỉ → Xem chứng chỉ → Nhà cung cấp → Nhập, chọn “Tin cậy để nhận dạng trang web”.',
    keyNote:
      'Khoá riêng của chứng chỉ gốc (DATA_DIR/tls/ca.key) chỉ nằm trên máy chủ. Ai có nó có thể giả mạo trang web với các máy đã cài chứng chỉ gốc: đừng sao chép nó đi đâu.',
  },
  {
    nav: 'Connecting halls',
    heading: 'How halls connect over https',
    why: 'Browsers allow the camera and microphone only at https addresses. Every hall on another machine must open the server’s https link.',
    loading: 'Reading the server’s https set-up…',
    offTitle: 'The server speaks plain http.',
    offBody:
      'That only works on the server itself (localhost), or when a proxy in front (nginx, a load balancer) provides https. Without a proxy, set PUBLIC_URL to the server’s LAN address and restart it: the server turns https on by itself (see docs/network.md).',
    givenTitle: 'The server uses the certificate it was given (TLS_CERT).',
    givenBody:
      'Halls need to install nothing, as long as a certificate authority their browsers trust issued it.',
    madeTitle: 'The server uses a certificate it made itself.',
    madeBody:
      'On each hall’s computer, install the root certificate below once. After that the browser shows no warning, and the camera and microphone work.',
    download: 'Download the root certificate (diemcau-root-ca.crt)',
    downloadHint: 'On a hall’s computer, open {url} to download it.',
    fingerprint: 'SHA-256 fingerprint (compare it with the one the system shows when installing):',
    validTo: 'Valid until: {date}',
    names: 'The server certificate is good for: {names}',
    howTo: 'How to install the root certificate',
    windows: 'Windows',
    windowsSteps:
      'Open the downloaded file → “Install Certificate…” → “Local Machine” → “Place all certificates in the following store” → Browse → “Trusted Root Certification Authorities” → Next → Finish. Restart the browser.',
    macos: 'macOS',
    macosSteps:
      'Open the downloaded file: Keychain Access opens; add it to the “System” keychain. Double-click “diemcau local CA” → Trust → “When using this certificate: Always Trust”, close the window and enter your password. Restart the browser.',
    android: 'Android',
    androidSteps:
      'Settings → Security (& privacy) → More security settings → Encryption & credentials → Install a certificate → CA certificate → Install anyway → pick the downloaded file. The names differ a little between makers.',
    ios: 'iPhone, iPad',
    iosSteps:
      'Open the link in Safari and allow the profile download. Go to Settings → General → VPN & Device Management → the “diemcau local CA” profile → Install. Then Settings → General → About → Certificate Trust Settings, and turn on full trust for “diemcau local CA”.',
    firefox:
      'Firefox keeps a store of its own when it does not trust the system’s: Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import, and tick “Trust this CA to identify websites”.',
    keyNote:
      'The root’s private key (DATA_DIR/tls/ca.key) stays on the server. Whoever holds it could impersonate any site to the machines that installed the root: never copy it anywhere.',
  },
);
