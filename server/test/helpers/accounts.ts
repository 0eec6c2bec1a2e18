import crypto from 'node:crypto';
import type { Role } from '@diemcau/protocol';
import type { TestApi } from './api.js';

/** Creates an account of `role` straight through the service and returns a session token for it. */
export async function signedIn(
  api: TestApi,
  role: Role,
): Promise<{ token: string; accountId: string; password: string }> {
  const password = `pw-${crypto.randomBytes(8).toString('hex')}`;
  const account = await api.app.services.accounts.create({
    username: `${role}-${crypto.randomBytes(4).toString('hex')}`,
    displayName: `Test ${role}`,
    role,
    password,
  });
  const { token } = await api.app.services.accounts.openSession(account.id);
  return { token, accountId: account.id, password };
}
