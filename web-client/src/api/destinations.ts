import type { Destination, DestinationCreate, DestinationList, DestinationUpdate } from '@diemcau/protocol';
import { request } from './client.js';

const path = (id: string) => `/destinations/${encodeURIComponent(id)}`;

/** By name; stream keys never come back, only `streamKeyHint`. */
export const listDestinations = (signal?: AbortSignal): Promise<DestinationList> =>
  request('GET', '/destinations', { signal });

export const createDestination = (destination: DestinationCreate): Promise<Destination> =>
  request('POST', '/destinations', { body: destination });

export const updateDestination = (id: string, update: DestinationUpdate): Promise<Destination> =>
  request('PATCH', path(id), { body: update });

export const deleteDestination = (id: string): Promise<void> => request('DELETE', path(id));
