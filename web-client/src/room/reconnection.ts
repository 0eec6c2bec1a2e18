// What the RoomClient keeps between handshakes to get back into the room: why the last credentials
// failed, how often a join token was refused in a row, and the one retry pending.
import { AuthError } from './auth-error.js';
import { isFinalRefusal, retryDelay } from './recovery.js';
import { refusalOf } from './signalling.js';

export class Reconnection {
  #retry: ReturnType<typeof setTimeout> | undefined;
  #authFailure: AuthError | undefined;
  #unauthenticated = 0;

  /** The socket's `auth` callback: fresh credentials for every handshake, remembering why they failed. */
  credentials(
    auth: () => Promise<Record<string, unknown>>,
  ): (send: (credentials: Record<string, unknown>) => void) => void {
    return (send) => {
      this.#authFailure = undefined;
      auth().then(send, (error: unknown) => {
        this.#authFailure = error instanceof AuthError ? error : new AuthError(String(error));
        send({});
      });
    };
  }

  /** The socket is through the handshake: a join token refused before counts for nothing now. */
  admitted(): void {
    this.#unauthenticated = 0;
  }

  /** Why a failed handshake is final (its code and message), or undefined when another attempt may succeed. */
  finalRefusal(error: Error & { data?: unknown }): { code: string; message: string } | undefined {
    const auth = this.#authFailure;
    if (auth?.code) return { code: auth.code, message: auth.message };
    const refusal = auth ? undefined : refusalOf(error);
    if (!refusal) return undefined;
    this.#unauthenticated = refusal.code === 'UNAUTHENTICATED' ? this.#unauthenticated + 1 : 0;
    return isFinalRefusal(refusal.code, this.#unauthenticated) ? refusal : undefined;
  }

  /** Runs `retry` after the backoff for `attempt` (1, 2, …), instead of any retry pending. */
  schedule(attempt: number, retry: () => void): void {
    clearTimeout(this.#retry);
    this.#retry = setTimeout(retry, retryDelay(attempt));
  }

  cancel(): void {
    clearTimeout(this.#retry);
  }
}
