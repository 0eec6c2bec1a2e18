import Type from 'typebox';
import { Id, IsoDateTime, Name } from './common.js';

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('host')]);
export type Role = Type.Static<typeof Role>;

export const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-z0-9._-]+$' });
export const Password = Type.String({ minLength: 10, maxLength: 256 });

export const Account = Type.Object({
  id: Id,
  username: Username,
  displayName: Name,
  role: Role,
  createdAt: IsoDateTime,
});
export type Account = Type.Static<typeof Account>;

/** Every account: there are a handful per province, so no paging. */
export const AccountList = Type.Object({ items: Type.Array(Account) });
export type AccountList = Type.Static<typeof AccountList>;

export const AccountParams = Type.Object({ id: Id }, { additionalProperties: false });
export type AccountParams = Type.Static<typeof AccountParams>;

/** A code from an authenticator app (6 digits) or a recovery code (dashes and spaces ignored). */
export const SecondFactorCode = Type.String({ minLength: 6, maxLength: 64 });

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    /** Needed when the account has a second factor: without it the answer is TWO_FACTOR_REQUIRED. */
    code: Type.Optional(SecondFactorCode),
  },
  { additionalProperties: false },
);
export type LoginRequest = Type.Static<typeof LoginRequest>;

/** The session token also travels as an httpOnly cookie; API clients send it as a Bearer token. */
export const LoginResponse = Type.Object({
  account: Account,
  token: Type.String(),
  expiresAt: IsoDateTime,
  /** Set when REQUIRE_2FA covers the account and it has no second factor: the session may only set one up. */
  mustEnrol: Type.Optional(Type.Literal(true)),
});
export type LoginResponse = Type.Static<typeof LoginResponse>;

export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Password },
  { additionalProperties: false },
);
export type PasswordChange = Type.Static<typeof PasswordChange>;

export const AccountCreate = Type.Object(
  { username: Username, displayName: Name, role: Role, password: Password },
  { additionalProperties: false },
);
export type AccountCreate = Type.Static<typeof AccountCreate>;

/** The caller's second factor: whether it is on, whether the server requires it, and codes left. */
export const TwoFactorStatus = Type.Object({
  enabled: Type.Boolean(),
  required: Type.Boolean(),
  enabledAt: Type.Union([IsoDateTime, Type.Null()]),
  recoveryCodesLeft: Type.Integer({ minimum: 0 }),
});
export type TwoFactorStatus = Type.Static<typeof TwoFactorStatus>;

/** A new TOTP secret, not yet on: the app scans `qrSvg` (or takes `secret`), then a first code confirms it. */
export const TwoFactorSetup = Type.Object({
  secret: Type.String(),
  uri: Type.String(),
  qrSvg: Type.String(),
});
export type TwoFactorSetup = Type.Static<typeof TwoFactorSetup>;

export const TwoFactorConfirm = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export type TwoFactorConfirm = Type.Static<typeof TwoFactorConfirm>;

/** The one-time recovery codes, shown once: only their hashes are kept. */
export const TwoFactorEnabled = Type.Object({
  recoveryCodes: Type.Array(Type.String()),
  /** The session's end, which a session that could only set up the second factor now shares with any other. */
  expiresAt: IsoDateTime,
});
export type TwoFactorEnabled = Type.Static<typeof TwoFactorEnabled>;

/** The password again, for turning the second factor off or renewing its recovery codes. */
export const TwoFactorDisable = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type TwoFactorDisable = Type.Static<typeof TwoFactorDisable>;

/** New recovery codes, shown once; the previous ones stop working. */
export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export type RecoveryCodes = Type.Static<typeof RecoveryCodes>;

/** A signed-in session; `id` is the SHA-256 of its token, which does not give the token. */
export const SessionInfo = Type.Object({
  id: Type.String(),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  /** The session making this request. */
  current: Type.Boolean(),
  /** It may only set up a second factor (REQUIRE_2FA). */
  enrolmentOnly: Type.Boolean(),
});
export type SessionInfo = Type.Static<typeof SessionInfo>;

export const SessionList = Type.Object({ items: Type.Array(SessionInfo) });
export type SessionList = Type.Static<typeof SessionList>;

const SessionId = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const SessionParams = Type.Object({ sessionId: SessionId }, { additionalProperties: false });
export type SessionParams = Type.Static<typeof SessionParams>;

export const AccountSessionParams = Type.Object(
  { id: Id, sessionId: SessionId },
  { additionalProperties: false },
);
export type AccountSessionParams = Type.Static<typeof AccountSessionParams>;
