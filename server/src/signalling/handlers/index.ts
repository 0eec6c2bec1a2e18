export * as consumers from './consumers.js';
export type { Handler, HandlerContext } from './context.js';
export * as entry from './join.js';
export * as hostControls from './host-controls.js';
export * as pointRequests from './point-requests.js';
export * as producers from './producers.js';
export * as transports from './transports.js';
