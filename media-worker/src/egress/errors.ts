// The one error type of the egress jobs and their building blocks: a stable
// code (the protocol's EgressErrorCode) and the reason without it.
import { CodedError, type EgressErrorCode } from '@diemcau/protocol';

export type { EgressErrorCode };

/**
 * Why an egress job or building block stopped. The message starts with the code
 * (`DISK_FULL: …`): a job that fails with it has that failedReason, which the
 * server splits back into code and reason. `detail` is the reason alone, as the host reads it.
 */
export class EgressError extends CodedError<EgressErrorCode> {
  constructor(
    code: EgressErrorCode,
    readonly detail: string,
  ) {
    super(code, `${code}: ${detail}`);
  }
}
