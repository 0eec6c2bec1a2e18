import { CodedError, type ErrorBody, type ErrorCode } from '@diemcau/protocol';

/** An error meant for a client: a stable code, an HTTP status and a safe message. */
export class AppError extends CodedError<ErrorCode> {
  constructor(
    code: ErrorCode,
    readonly statusCode: number,
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
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
export class StartupError extends CodedError<'PORT_IN_USE' | 'MEDIASOUP_UNAVAILABLE'> {}
