import path from 'node:path';
import { AccountService } from './accounts/account-service.js';
import { TOTP_SEAL_PURPOSE } from './accounts/two-factor-service.js';
import { AttendanceService } from './attendance/attendance-service.js';
import { AuditLog } from './audit/audit-log.js';
import { JoinTokens } from './auth/join-tokens.js';
import { loadSecretKey } from './auth/secret-key.js';
import { ConferenceEvents } from './conferences/conference-events.js';
import { ConferenceService } from './conferences/conference-service.js';
import { PointPresence } from './conferences/presence.js';
import { SecretBox } from './crypto/secret-box.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { ApiServices } from './http/api-services.js';
import { RecordingService } from './recordings/recording-service.js';
import { DestinationService } from './streaming/destination-service.js';
import { UnitService } from './units/unit-service.js';

/** The services, and what this process keeps in memory beside them: live presence and the conference events. */
export interface Services extends ApiServices {
  /** Fed by the signalling layer; read by the conferences' detail. */
  presence: PointPresence;
  conferenceEvents: ConferenceEvents;
}

/** The services over a database: the API and the CLI build them here, so both follow the same rules. */
export function createServices(db: Db, config: Config): Services {
  const audit = new AuditLog(db);
  const secret = loadSecretKey(config.secretKey, config.dataDir);
  const joinTokens = new JoinTokens(secret);
  const presence = new PointPresence();
  const conferenceEvents = new ConferenceEvents();
  // An ended conference has no one connected, whatever its sockets have yet to say.
  conferenceEvents.on('ended', (id) => presence.clear(id));
  return {
    audit,
    joinTokens,
    presence,
    conferenceEvents,
    accounts: new AccountService(db, audit, {
      sessionTtlHours: config.sessionTtlHours,
      publicUrl: config.publicUrl,
      requireTwoFactor: config.requireTwoFactor,
      secretBox: new SecretBox(secret, TOTP_SEAL_PURPOSE),
    }),
    units: new UnitService(db, audit, { publicUrl: config.publicUrl }),
    conferences: new ConferenceService(db, audit, joinTokens, presence, conferenceEvents, {
      publicUrl: config.publicUrl,
    }),
    attendance: new AttendanceService(db),
    recordings: new RecordingService(db, audit, { recordingsDir: path.join(config.dataDir, 'recordings') }),
    destinations: new DestinationService(db, audit, new SecretBox(secret)),
  };
}
