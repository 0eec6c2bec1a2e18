export * from './coded-error.js';
export * from './env.js';
export * from './errors.js';
export * from './health.js';
export * from './jobs.js';
export * from './validate.js';
export * from './rest/index.js';
export * from './signalling/index.js';
