// The failure a page's credentials callback throws: with a `code` it is final (the room closes as
// refused), without one the RoomClient retries the handshake.

/** A failure to get credentials for the handshake; `code` is final (e.g. a revoked link), else it retries. */
export class AuthError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
