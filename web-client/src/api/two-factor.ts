// The console's calls for its second factor and its sessions (docs/auth.md).
import type { SessionInfo, TwoFactorEnabled, TwoFactorSetup, TwoFactorStatus } from '@diemcau/protocol';
import { request } from './client.js';

export const twoFactorStatus = (): Promise<TwoFactorStatus> => request('GET', '/auth/two-factor');

/** A new secret and its QR code; not on until confirmTwoFactor. */
export const setUpTwoFactor = (): Promise<TwoFactorSetup> => request('POST', '/auth/two-factor/setup');

/** Turns it on with a first code; the answer holds the recovery codes, shown once. */
export const confirmTwoFactor = (code: string): Promise<TwoFactorEnabled> =>
  request('POST', '/auth/two-factor/confirm', { body: { code } });

/** New recovery codes, shown once; a wrong password is 403 FORBIDDEN. */
export const renewRecoveryCodes = async (password: string): Promise<string[]> =>
  (
    await request<{ recoveryCodes: string[] }>('POST', '/auth/two-factor/recovery-codes', {
      body: { password },
    })
  ).recoveryCodes;

/** A wrong password is 403 FORBIDDEN; where the server requires it, 409 CONFLICT. */
export const disableTwoFactor = (password: string): Promise<void> =>
  request('POST', '/auth/two-factor/disable', { body: { password } });

export const listSessions = async (): Promise<SessionInfo[]> =>
  (await request<{ items: SessionInfo[] }>('GET', '/auth/sessions')).items;

export const revokeSession = (id: string): Promise<void> => request('DELETE', `/auth/sessions/${id}`);
