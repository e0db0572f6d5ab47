export * from './check.js';
export * from './model.js';
export * from './version.js';
export * from './profile.js';
export * from './retention.js';
export * from './audit.js';
