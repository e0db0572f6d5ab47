export { confusionCounts, classificationScores, matrixRows, type ClassificationScores, type ClassScores } from './classification.js';
export { aucScorer, rocAucScorer } from './roc-auc.js';
export { logLoss, LOG_LOSS_EPSILON } from './log-loss.js';
export { regressionScores, type RegressionScores } from './regression.js';
export { groupRates, fairnessSummary, type GroupRates, type FairnessSummary } from './fairness.js';
export { metricFunctions, classificationDetail, lowerIsBetter, type MetricFunction, type ScoredRows } from './evaluate.js';
export { metricCI, bootstrapIterations, DEFAULT_BOOTSTRAP, BOOTSTRAP_ROW_BUDGET, type BootstrapSettings } from './bootstrap.js';
