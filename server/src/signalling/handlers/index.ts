export * as consumers from './consumers.js';
export type { HandlerContext } from './context.js';
export { join, leave } from './join.js';
export * as producers from './producers.js';
export * as transports from './transports.js';
