import type {
  Conference,
  ConferenceCreate,
  ConferenceDetail,
  ConferenceListQuery,
  ViewerToken,
} from '@diemcau/protocol';
import { request } from './client.js';

export interface ConferencePage {
  items: Conference[];
  total: number;
  limit: number;
  offset: number;
}

export const listConferences = (query: ConferenceListQuery, signal?: AbortSignal): Promise<ConferencePage> =>
  request('GET', '/conferences', { query: { ...query }, signal });

export const getConference = (id: string, signal?: AbortSignal): Promise<ConferenceDetail> =>
  request('GET', `/conferences/${encodeURIComponent(id)}`, { signal });

export const createConference = (conference: ConferenceCreate): Promise<Conference> =>
  request('POST', '/conferences', { body: conference });

export type LifecycleAction = 'start' | 'end' | 'cancel';

/** scheduled → live, live → ended, scheduled → cancelled; any other move is 409 CONFLICT. */
export const changeLifecycle = (id: string, action: LifecycleAction): Promise<Conference> =>
  request('POST', `/conferences/${encodeURIComponent(id)}/${action}`);

/** A new viewer link for a `token` watch page; the previous one stops working. */
export const issueViewerToken = (id: string): Promise<ViewerToken> =>
  request('POST', `/conferences/${encodeURIComponent(id)}/viewer-token`);
