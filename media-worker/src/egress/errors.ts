/** Why an egress building block stopped; each code names one condition. */
export type EgressErrorCode =
  | 'STREAM_INVALID'
  | 'PORT_INVALID'
  | 'DESTINATION_URL_MISSING'
  | 'DESTINATION_URL_INVALID'
  | 'STREAM_KEY_MISSING'
  | 'STREAM_KEY_INVALID'
  | 'CONCAT_PATH_INVALID'
  | 'NO_FREE_PORT';

/** An egress building block refused its input or found no resource; `code` is stable, the message is for logs. */
export class EgressError extends Error {
  constructor(
    readonly code: EgressErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EgressError';
  }
}
