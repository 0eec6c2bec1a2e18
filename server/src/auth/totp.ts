// TOTP (RFC 6238) through otpauth: secrets, the otpauth:// URI apps scan, and checking a code.
import { Secret, TOTP } from 'otpauth';
import qrcode from 'qrcode-generator';

/** What every authenticator app understands: HMAC-SHA1, 6 digits, 30-second steps. */
const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** One step either side: a phone's clock a little off, or a code typed as it turned. */
const WINDOW = 1;
const ISSUER = 'diemcau';

/** A fresh 160-bit secret (RFC 4226's recommended length), base32 as apps take it by hand. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = ''): TOTP {
  return new TOTP({ ...PARAMS, issuer: ISSUER, label, secret: Secret.fromBase32(secret) });
}

/** The `otpauth://totp/…` URI an app scans from the QR code. */
export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

/** The URI as a QR code, an SVG drawn here: nothing leaves the server to make it. */
export function totpQrSvg(uri: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(uri);
  qr.make();
  return qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true });
}

/** The time step a code is right for (within the window), or undefined for a wrong code. */
export function totpStep(secret: string, code: string, now = Date.now()): number | undefined {
  const delta = totp(secret).validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? undefined : Math.floor(now / 1000 / PARAMS.period) + delta;
}

/** The code for a moment, as an app would show it (tests, and nothing else, need it). */
export function totpCode(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}
