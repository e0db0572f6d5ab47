export { createLocalRuntime } from './local/local-runtime.js';
export { createRegistryLoader } from './local/registry-loader.js';
