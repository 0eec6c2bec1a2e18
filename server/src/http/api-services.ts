// The services the REST routes are given: a module of its own so that the API plugin
// and its route plugins both depend on it instead of on each other.
import type { AccountService } from '../accounts/account-service.js';
import type { AttendanceService } from '../attendance/attendance-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { JoinTokens } from '../auth/join-tokens.js';
import type { ConferenceService } from '../conferences/conference-service.js';
import type { RecordingControl } from '../recordings/recording-control.js';
import type { RecordingService } from '../recordings/recording-service.js';
import type { DestinationService } from '../streaming/destination-service.js';
import type { LiveControl } from '../streaming/live-control.js';
import type { UnitService } from '../units/unit-service.js';

/** What the REST resources are given: thin services over the repositories. */
export interface ApiServices {
  audit: AuditLog;
  accounts: AccountService;
  units: UnitService;
  conferences: ConferenceService;
  joinTokens: JoinTokens;
  attendance: AttendanceService;
  recordings: RecordingService;
  destinations: DestinationService;
}

/** What the live routes also need: the rooms' egress (recording, livestream). */
export interface LiveServices {
  recordingControl: RecordingControl;
  liveControl: LiveControl;
}
