// One-time recovery codes of a second factor: made, shown once, and kept only as hashes.
import crypto from 'node:crypto';
import { hashToken } from './tokens.js';

/** 32 letters and digits without look-alikes (no 0/o, 1/l): 16 of them are 80 random bits. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** `abcd-efgh-jkmn-pqrs`: 256 is a multiple of 32, so `byte % 32` is unbiased. */
export function newRecoveryCode(): string {
  const chars = Array.from(crypto.randomBytes(16), (b) => ALPHABET[b % 32]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export function newRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: n }, newRecoveryCode);
}

/** What is stored and looked up: the hash of the code as typed, less case, spaces and dashes. */
export function hashRecoveryCode(code: string): string {
  return hashToken(code.toLowerCase().replace(/[\s-]/g, ''));
}

/** Six digits are an app's code; anything else is tried as a recovery code. */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.trim());
}
