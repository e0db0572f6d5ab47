export { apiPlugin } from './api-plugin.js';
export type { ApiDeps } from './api-deps.js';
