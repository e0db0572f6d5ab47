export { resolveConfig, type Config, type ConfigFlags } from './config.js';
export { openRegistry, type OpenRegistry } from './open-registry.js';
export { readSpecFile } from './read-spec-file.js';
export { runDemo, type DemoOutput, type DemoResult } from './demo/run-demo.js';
export { runServer, type RunServerInput } from './run-server.js';
export { buildServer, type Server } from './server.js';
export { DEFAULT_SERVE_OPTIONS, type ServeOptions } from './serve-options.js';
