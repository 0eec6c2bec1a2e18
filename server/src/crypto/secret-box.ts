import crypto from 'node:crypto';
import { CodedError } from '@diemcau/protocol';

const PURPOSE = 'diemcau stream keys v1';
const VERSION = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that cannot be opened: altered, truncated, or sealed under another key. */
export class SecretBoxError extends CodedError<'SECRET_UNREADABLE'> {
  constructor(message: string) {
    super('SECRET_UNREADABLE', message);
  }
}

/**
 * Encrypts small secrets (stream keys) for storage: AES-256-GCM under a key
 * derived from the server secret with HKDF-SHA256, so the server secret itself
 * is never used as a cipher key and other purposes derive unrelated keys.
 * Sealed form: `v1.` + base64url(iv | ciphertext | tag).
 */
export class SecretBox {
  readonly #key: Buffer;

  /** `purpose` separates keys: what one purpose sealed, another cannot open. */
  constructor(serverSecret: string, purpose = PURPOSE) {
    this.#key = Buffer.from(crypto.hkdfSync('sha256', serverSecret, Buffer.alloc(0), purpose, 32));
  }

  seal(plaintext: string): string {
    // A fresh random IV per seal: GCM must never reuse one under the same key.
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(VERSION)) throw new SecretBoxError('unknown sealed format');
    const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('sealed value too short');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('sealed value fails authentication (altered or another key)');
    }
  }
}
