import { generatePassword } from '../auth/passwords.js';
import { AppError } from '../errors.js';
import type { AccountService } from './account-service.js';

export const DEMO_HOST = { username: 'host', displayName: 'Người chủ trì (demo)' } as const;

/**
 * On a database without accounts, creates the demo host `host` with a fresh
 * random password and returns it for the caller to print once; returns
 * undefined when any account exists. There is never a default password.
 */
export async function ensureDemoHost(
  accounts: AccountService,
): Promise<{ username: string; password: string } | undefined> {
  if ((await accounts.count()) > 0) return undefined;
  const password = generatePassword();
  try {
    await accounts.create({ ...DEMO_HOST, role: 'host', password });
  } catch (error) {
    // Another server sharing the database created it first.
    if (error instanceof AppError && error.code === 'CONFLICT') return undefined;
    throw error;
  }
  return { username: DEMO_HOST.username, password };
}
