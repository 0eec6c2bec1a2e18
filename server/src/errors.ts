import type { ErrorBody, ErrorCode } from '@diemcau/protocol';

/** An error meant for a client: a stable code, an HTTP status and a safe message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** Raised at start when the server cannot run at all (a port taken, no mediasoup worker). */
export class StartupError extends Error {
  constructor(
    readonly code: 'PORT_IN_USE' | 'MEDIASOUP_UNAVAILABLE',
    message: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}
