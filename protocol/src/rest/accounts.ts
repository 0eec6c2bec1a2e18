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

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Type.Static<typeof LoginRequest>;

/** The session token also travels as an httpOnly cookie; API clients send it as a Bearer token. */
export const LoginResponse = Type.Object({ account: Account, token: Type.String(), expiresAt: IsoDateTime });
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
