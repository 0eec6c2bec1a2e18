export * from './events.js';
export * from './media.js';
export * from './notifications.js';
export * from './requests.js';
export * from './responses.js';
