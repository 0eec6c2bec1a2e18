import type { FastifyPluginAsync } from 'fastify';
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
import { accountRoutes } from './account-routes.js';
import { attendanceRoutes } from './attendance-routes.js';
import { auditRoutes } from './audit-routes.js';
import { authentication } from './authentication.js';
import { conferenceRoutes } from './conference-routes.js';
import { destinationRoutes } from './destination-routes.js';
import { joinRoutes } from './join-routes.js';
import { liveRoutes } from './live-routes.js';
import { recordingRoutes } from './recording-routes.js';
import { unitRoutes } from './unit-routes.js';
import { watchRoutes } from './watch-routes.js';

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

/** The REST API under /api: one plugin per resource, all behind the same authentication. */
export const api: FastifyPluginAsync<ApiServices & LiveServices> = async (app, options) => {
  // Pass on the services only: Fastify's own options (prefix) must not reach the children.
  const { audit, accounts, units, conferences, joinTokens, attendance, recordings, destinations } = options;
  const services: ApiServices = {
    audit,
    accounts,
    units,
    conferences,
    joinTokens,
    attendance,
    recordings,
    destinations,
  };
  await app.register(authentication, {
    resolveSession: (token) => services.accounts.resolveSession(token),
    joinTokens: services.joinTokens,
  });
  await app.register(accountRoutes, services);
  await app.register(unitRoutes, services);
  await app.register(conferenceRoutes, services);
  await app.register(joinRoutes, services);
  await app.register(watchRoutes, services);
  await app.register(auditRoutes, services);
  await app.register(attendanceRoutes, services);
  const live = { ...services, recordingControl: options.recordingControl, liveControl: options.liveControl };
  await app.register(recordingRoutes, live);
  await app.register(liveRoutes, live);
  await app.register(destinationRoutes, services);
};
