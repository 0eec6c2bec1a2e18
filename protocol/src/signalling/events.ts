// socket.io's event maps for a signalling socket, derived from the request and notification tables,
// so that a socket typed with them (`Socket<SignallingServerEvents, SignallingClientEvents>`) needs no casts.
import type { SignallingNotification } from './notifications.js';
import type { RequestData, RequestMethod } from './requests.js';
import type { SignallingResponse } from './responses.js';

/** What the server emits to a client. */
export interface SignallingServerEvents {
  notification: (notification: SignallingNotification) => void;
}

/**
 * What a client emits: a request, answered through its ack. Its method and data
 * are typed apart (a generic sender cannot narrow the SignallingRequest union);
 * the server parses every request against its method's schema anyway.
 */
export interface SignallingClientEvents {
  request: (
    request: { method: RequestMethod; data: RequestData<RequestMethod> },
    answer: (response: SignallingResponse<RequestMethod>) => void,
  ) => void;
}
