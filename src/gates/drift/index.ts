export { datasetDrift, type DatasetDrift, type DatasetDriftOptions, type CurrentColumn } from './dataset-drift.js';
export { numericDrift, categoricalDrift, DRIFT_SMALL_REFERENCE, type FeatureDrift, type DriftThresholds, type DriftTest } from './feature-drift.js';
export { ksStatisticUnsorted } from './ks-grid.js';
export { referenceSample, discreteValues } from '../../stats/index.js';
