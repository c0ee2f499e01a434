export * from './constants.js';
export * from './errors.js';
export * from './embedding.js';
export * from './people.js';
export * from './recognition.js';
export * from './attendance.js';
export * from './events.js';
export * from './health.js';
