import type { UnitTree } from '@diemcau/protocol';
import { request } from './client.js';

/** Every unit, parents before children, each with its bridge points. */
export const getUnitTree = (signal?: AbortSignal): Promise<UnitTree> => request('GET', '/units', { signal });
