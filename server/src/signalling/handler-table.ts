// Every signalling method's handler, bound once. The compiler checks the table against the
// protocol's: a method without a handler, or a handler with the wrong data or answer, does not build.
import type { RequestMethod } from '@diemcau/protocol';
import {
  consumers,
  entry,
  hostControls,
  pointRequests,
  producers,
  transports,
  type Handler,
} from './handlers/index.js';

type HandlerTable = { readonly [M in RequestMethod]: Handler<M> };

/**
 * Each handler module exports its handlers under their methods' names, so the
 * table is their union: a new method's handler is bound by being exported.
 */
export const handlers: HandlerTable = {
  ...entry,
  ...transports,
  ...producers,
  ...consumers,
  ...hostControls,
  ...pointRequests,
};
