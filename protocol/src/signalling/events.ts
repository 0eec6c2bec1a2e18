// socket.io's event maps for a signalling socket, derived from the request and notification tables,
// so that a socket typed with them (`Socket<SignallingServerEvents, SignallingClientEvents>`) needs no casts.
import type { SignallingNotification } from './notifications.js';
import type { RequestMethod, SignallingRequest } from './requests.js';
import type { SignallingResponse } from './responses.js';

/** What the server emits to a client. */
export interface SignallingServerEvents {
  notification: (notification: SignallingNotification) => void;
}

/** What a client emits: a request, answered through its ack. */
export interface SignallingClientEvents {
  request: (
    request: SignallingRequest,
    answer: (response: SignallingResponse<RequestMethod>) => void,
  ) => void;
}
