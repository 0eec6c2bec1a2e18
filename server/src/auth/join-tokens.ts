import { JoinGrant, validator } from '@diemcau/protocol';
import { TokenSigner } from './tokens.js';

const checkGrant = validator(JoinGrant);

/**
 * Conference join tokens: short-lived signed grants that the signalling
 * handshake accepts. Minted only by the join-link and host flows.
 */
export class JoinTokens {
  readonly #signer: TokenSigner;

  constructor(
    secret: string,
    readonly ttlSeconds = 300,
  ) {
    this.#signer = new TokenSigner(secret, 'conference join token');
  }

  mint(grant: Omit<JoinGrant, 'exp'>, now = Date.now()): { token: string; expiresAt: string } {
    const exp = Math.floor(now / 1000) + this.ttlSeconds;
    return { token: this.#signer.sign({ ...grant, exp }), expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The grant of a valid, unexpired token; undefined for a forged, malformed or expired one. */
  verify(token: string, now = Date.now()): JoinGrant | undefined {
    const checked = checkGrant(this.#signer.verify(token));
    if (!checked.ok || checked.value.exp * 1000 <= now) return undefined;
    return checked.value;
  }
}
