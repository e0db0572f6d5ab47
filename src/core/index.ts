export * from './errors.js';
export * from './clock.js';
export * from './random.js';
export * from './defaults.js';
export * from './model-uri.js';
export * from './canonical.js';
export * from './key-value.js';
export * from './csv.js';
