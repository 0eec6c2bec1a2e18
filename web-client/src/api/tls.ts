// GET /api/tls: how the server speaks TLS, and the root certificate halls install for a made one.
import type { TlsStatus } from '@diemcau/protocol';
import { request } from './client.js';

export const getTlsStatus = (signal?: AbortSignal): Promise<TlsStatus> => request('GET', '/tls', { signal });

/** The made root certificate, served by the server itself. */
export const ROOT_CA_URL = '/tls/root-ca.crt';
