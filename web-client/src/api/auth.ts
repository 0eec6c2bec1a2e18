import type { Account, LoginRequest, LoginResponse, PasswordChange } from '@diemcau/protocol';
import { request } from './client.js';

/** Signs in; the server sets the session cookie, so the token in the answer is not kept. */
export const login = (credentials: LoginRequest): Promise<LoginResponse> =>
  request('POST', '/auth/login', { body: credentials });

export const logout = (): Promise<void> => request('POST', '/auth/logout');

/** The signed-in account; 401 when there is no session. */
export const me = (): Promise<Account> => request('GET', '/auth/me');

/** Ends the account's other sessions; a wrong current password is 403 FORBIDDEN. */
export const changePassword = (change: PasswordChange): Promise<void> =>
  request('POST', '/auth/password', { body: change });
