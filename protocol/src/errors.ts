import Type from 'typebox';

/** Stable error codes shared by the REST API, signalling and job events. */
export const ErrorCode = Type.Union([
  Type.Literal('VALIDATION_FAILED'),
  Type.Literal('NOT_FOUND'),
  Type.Literal('UNAUTHENTICATED'),
  Type.Literal('FORBIDDEN'),
  Type.Literal('CONFLICT'),
  Type.Literal('RATE_LIMITED'),
  /** Too many wrong passwords: sign-in is refused until `details.lockedUntil`. */
  Type.Literal('ACCOUNT_LOCKED'),
  /** The password was right and the account has a second factor: send `code` with it. */
  Type.Literal('TWO_FACTOR_REQUIRED'),
  /** A session that may only set up a second factor (REQUIRE_2FA) called anything else. */
  Type.Literal('TWO_FACTOR_ENROLMENT_REQUIRED'),
  Type.Literal('NOT_READY'),
  Type.Literal('UNSUPPORTED_JOB'),
  Type.Literal('INTERNAL'),
]);
export type ErrorCode = Type.Static<typeof ErrorCode>;

/** The body of every error response: `{"error":{"code","message","details"}}`. */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: ErrorCode,
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});
export type ErrorBody = Type.Static<typeof ErrorBody>;
