import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { accountRoutes } from './account-routes.js';
import type { ApiServices, LiveServices } from './api-services.js';
import { attendanceRoutes } from './attendance-routes.js';
import { auditRoutes } from './audit-routes.js';
import { authentication } from './authentication.js';
import { conferenceRoutes } from './conference-routes.js';
import { destinationRoutes } from './destination-routes.js';
import { joinRoutes } from './join-routes.js';
import { acceptEmptyJsonBody } from './json-body.js';
import { liveRoutes } from './live-routes.js';
import { recordingRoutes } from './recording-routes.js';
import { unitRoutes } from './unit-routes.js';
import { watchRoutes } from './watch-routes.js';

/** The REST API under /api: one plugin per resource, all behind the same authentication. */
export const api: FastifyPluginAsyncTypebox<ApiServices & LiveServices> = async (app, options) => {
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
  acceptEmptyJsonBody(app);
  await app.register(authentication, {
    resolveSession: (token) => services.accounts.resolveSession(token),
    joinTokens: services.joinTokens,
    audit: services.audit,
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
