/**
 * The base of every typed error in diemcau: a stable `code` a caller can act on, a message for
 * people and logs, and optional details safe to show. Each part narrows `code` to its own codes.
 */
export class CodedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
