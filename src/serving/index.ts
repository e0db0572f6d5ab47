export { servingPlugin, type ServingPluginOptions } from './serving-plugin.js';
export { createServingHost, type ServingHost, type VersionLoader, type LoadedVersion, type HostObserver, type EndpointState } from './serving-host.js';
export { createServingMetrics, monitorGaugesOn, type ServingMetrics, type GaugeReading } from './metrics.js';
export { createSampler, type Sampler, type SampleSink } from './sampler.js';
export { layoutOf, type ModelLayout } from './model-layout.js';
export { createBatcher, type Batcher } from './batcher.js';
export type { NonFinitePolicy } from './feeds.js';
export { ENDPOINT_HEADER } from './routes/mlflow-routes.js';
export { PIN_HEADER } from './infer.js';
