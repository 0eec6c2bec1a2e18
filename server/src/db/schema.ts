import type { Generated } from 'kysely';

/** Control actions and security events: who did what, when and from where. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  ip: string | null;
  details: string | null;
}

/** A node of the administrative tree; `level` is a label (province, district, commune, …). */
export interface UnitTable {
  id: string;
  code: string;
  name: string;
  level: string;
  parent_id: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A meeting hall of a unit; joins with the token whose sha256 is `token_hash`,
 * unless `revoked_at` is set (the hash is kept so a revoked link is recognised).
 */
export interface BridgePointTable {
  id: string;
  unit_id: string;
  name: string;
  token_hash: string | null;
  token_issued_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface AccountTable {
  id: string;
  username: string;
  display_name: string;
  role: 'admin' | 'host';
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: string | null;
  /** The TOTP secret, sealed (SecretBox); set once a first code confirmed it. */
  totp_secret_sealed: string | null;
  /** A secret set up but not yet confirmed. */
  totp_pending_sealed: string | null;
  totp_enabled_at: string | null;
  /** The last TOTP time step accepted (bigint: PostgreSQL returns a string). */
  totp_last_step: number | string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** sha256 of the session token. */
  id: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  /** `enrol`: the session may only set up a second factor (REQUIRE_2FA). */
  purpose: Generated<SessionPurpose>;
}

export type SessionPurpose = 'full' | 'enrol';

/** A one-time recovery code of an account's second factor: only its sha256 is kept. */
export interface RecoveryCodeTable {
  code_hash: string;
  account_id: string;
  created_at: string;
  used_at: string | null;
}

export type ConferenceStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';
export type WatchAccess = 'none' | 'public' | 'token';

export interface ConferenceTable {
  id: string;
  title: string;
  description: Generated<string>;
  scheduled_start: string;
  status: ConferenceStatus;
  created_by: string | null;
  started_at: string | null;
  ended_at: string | null;
  watch_access: Generated<WatchAccess>;
  watch_slug: string | null;
  viewer_token_hash: string | null;
  created_at: string;
  updated_at: string;
}

/** One invitation: a whole subtree (`unit_id`) or a single point (`point_id`). */
export interface ConferenceInviteTable {
  conference_id: string;
  unit_id: string | null;
  point_id: string | null;
}

export type AttendanceEventKind = 'join' | 'leave' | 'headcount';

/**
 * The attendance timeline: a point's session joined or left, or the point
 * reported how many people are in its hall. `session_id` is set for join and
 * leave, `headcount` (0–10,000) for headcount.
 */
export interface AttendanceEventTable {
  id: Generated<number>;
  conference_id: string;
  point_id: string;
  kind: AttendanceEventKind;
  session_id: string | null;
  headcount: number | null;
  at: string;
}

export type RecordingStatus = 'recording' | 'finalising' | 'ready' | 'failed';
export type RecordingLayout = 'speaker' | 'grid';

/** A recording of a conference; its files are under DATA_DIR/recordings/<id>/. */
export interface RecordingTable {
  id: string;
  conference_id: string;
  status: RecordingStatus;
  layout: RecordingLayout;
  started_at: string;
  stopped_at: string | null;
  created_by: string | null;
  error_code: string | null;
  error_message: string | null;
}

/** A finished output file; `path` is relative to DATA_DIR/recordings, `codecs` a JSON array. */
export interface RecordingFileTable {
  id: string;
  recording_id: string;
  output: 'programme' | 'track';
  point_id: string | null;
  path: string;
  /** bigint: PostgreSQL returns it as a string. */
  bytes: number | string;
  duration_ms: number | string;
  codecs: string;
  created_at: string;
}

export type StreamPlatform = 'facebook' | 'youtube' | 'rtmp';

/** An RTMP(S) livestream target; the stream key is stored sealed, never in clear. */
export interface StreamDestinationTable {
  id: string;
  name: string;
  platform: StreamPlatform;
  url: string;
  stream_key_sealed: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  audit_log: AuditLogTable;
  units: UnitTable;
  bridge_points: BridgePointTable;
  accounts: AccountTable;
  sessions: SessionTable;
  recovery_codes: RecoveryCodeTable;
  conferences: ConferenceTable;
  conference_invites: ConferenceInviteTable;
  attendance_events: AttendanceEventTable;
  recordings: RecordingTable;
  recording_files: RecordingFileTable;
  stream_destinations: StreamDestinationTable;
}
