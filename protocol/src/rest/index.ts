export * from './accounts.js';
export * from './attendance.js';
export * from './audit.js';
export * from './common.js';
export * from './conferences.js';
export * from './join.js';
export * from './units.js';
