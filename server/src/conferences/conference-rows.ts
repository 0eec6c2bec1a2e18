// How a conference is stored: its row's API form, stored times and watch slugs, the database
// error a taken slug raises, and the check of a viewer token against its stored hash.
import crypto from 'node:crypto';
import type { Conference, Invitation } from '@diemcau/protocol';
import { hashToken } from '../auth/tokens.js';
import type { WatchAccess } from '../db/schema.js';
import type { ConferenceRow } from './invitations.js';

export function toConference(row: ConferenceRow, invite: Invitation): Conference {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    scheduledStart: row.scheduled_start,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    watchAccess: row.watch_access,
    watchSlug: row.watch_slug,
    invite,
    createdAt: row.created_at,
  };
}

/** Stored times are UTC ISO strings so that text comparison orders them on both dialects. */
export function utc(iso: string): string {
  return new Date(iso).toISOString();
}

/** A watch page needs an address: one is made up when the host gives none. */
export function slugFor(access: WatchAccess, given: string | null | undefined): string | null {
  return given ?? (access === 'none' ? null : crypto.randomBytes(8).toString('hex'));
}

/** Whether a write failed on the unique watch slug (PostgreSQL or SQLite). */
export function isSlugTaken(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  const unique = e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE';
  return unique && `${String(e.constraint)} ${String(e.message)}`.includes('watch_slug');
}

/** Compares a presented token with a stored hash in constant time. */
export function sameHash(token: string | undefined, storedHash: string | null): boolean {
  if (!token || !storedHash) return false;
  const given = Buffer.from(hashToken(token));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && crypto.timingSafeEqual(given, stored);
}
