import path from 'node:path';
import { AccountService } from './accounts/account-service.js';
import { AttendanceService } from './attendance/attendance-service.js';
import { AuditLog } from './audit/audit-log.js';
import { JoinTokens } from './auth/join-tokens.js';
import { loadSecretKey } from './auth/secret-key.js';
import { ConferenceService } from './conferences/conference-service.js';
import { SecretBox } from './crypto/secret-box.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { ApiServices } from './http/api-services.js';
import { RecordingService } from './recordings/recording-service.js';
import { DestinationService } from './streaming/destination-service.js';
import { UnitService } from './units/unit-service.js';

/** The services over a database: the API and the CLI build them here, so both follow the same rules. */
export function createServices(db: Db, config: Config): ApiServices {
  const audit = new AuditLog(db);
  const secret = loadSecretKey(config.secretKey, config.dataDir);
  const joinTokens = new JoinTokens(secret);
  return {
    audit,
    joinTokens,
    accounts: new AccountService(db, audit, {
      sessionTtlHours: config.sessionTtlHours,
      publicUrl: config.publicUrl,
    }),
    units: new UnitService(db, audit, { publicUrl: config.publicUrl }),
    conferences: new ConferenceService(db, audit, joinTokens, { publicUrl: config.publicUrl }),
    attendance: new AttendanceService(db),
    recordings: new RecordingService(db, audit, { recordingsDir: path.join(config.dataDir, 'recordings') }),
    destinations: new DestinationService(db, audit, new SecretBox(secret)),
  };
}
