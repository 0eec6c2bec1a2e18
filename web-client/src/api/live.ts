import type { LiveStart, LiveStatus } from '@diemcau/protocol';
import { request } from './client.js';

const path = (conferenceId: string) => `/conferences/${encodeURIComponent(conferenceId)}/live`;

/** Goes live to HLS (when the conference has a watch page) and these destinations. */
export const startLive = (conferenceId: string, start: LiveStart): Promise<LiveStatus> =>
  request('POST', path(conferenceId), { body: start });

/** Answers the livestream as `stopping`. */
export const stopLive = (conferenceId: string): Promise<LiveStatus> => request('DELETE', path(conferenceId));
