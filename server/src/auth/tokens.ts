import crypto from 'node:crypto';

/** An unguessable token for a link or a session: 256 random bits, URL-safe. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** What is stored instead of a token: lookups hash the presented token and compare hashes. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * A compact signed token (`payload.signature`, both base64url), HMAC-SHA256
 * under a key derived from the server secret for one purpose.
 */
export class TokenSigner {
  readonly #key: Buffer;

  constructor(secret: string, purpose: string) {
    this.#key = Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), `diemcau ${purpose}`, 32));
  }

  sign(claims: object): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.#mac(payload)}`;
  }

  /** The claims of a token this signer made, or undefined for anything else. */
  verify(token: string): unknown {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.#mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
  }

  #mac(payload: string): string {
    return crypto.createHmac('sha256', this.#key).update(payload).digest('base64url');
  }
}
