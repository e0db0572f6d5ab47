export { judge, resolveAnalysis, alphaPerTest, ANALYSIS_DEFAULTS, type ResolvedAnalysis } from './judge.js';
export { MIN_KS_DISTANCE, MIN_CLASS_MIX_DISTANCE } from './metrics/prediction-shift.js';
export type { JudgeSettings } from './metrics/metric.js';
