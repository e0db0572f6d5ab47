/**
 * modelpilot's statistics library: pure, browser-safe, checked against scipy (see reference/ and
 * scripts/make-stats-reference.py).
 */
export { sortNumbers, quantileSorted, quantiles, mean, std } from './quantile.js';
export { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';
export { normalCdf, normalSf, normalPpf, normalIsf } from './normal.js';
export { chiSquareCdf, chiSquareSf } from './chi-square.js';
export { kolmogorov, kolmogorovCdf, smirnov } from './kolmogorov.js';
export { kstwoCdf, kstwoSf } from './kstwo.js';
export { ks2samp, ksPValue, ksStatistic, type KsMethod, type KsOptions, type KsResult } from './ks-2samp.js';
export { chiSquareHomogeneity, twoProportionZTest, type ChiSquareResult, type ZTestResult } from './contingency.js';
export { mannWhitneyU, type MannWhitneyResult } from './mann-whitney.js';
export { hodgesLehmann, type HodgesLehmannResult } from './hodges-lehmann.js';
export { histogram, quantileEdges, type HistogramOptions } from './histogram.js';
export { psi, psiOfSamples, PSI_BINS, PSI_EPSILON, type PsiOptions, type PsiSamplesOptions } from './psi.js';
export { jensenShannon } from './jensen-shannon.js';
export { wasserstein1, wassersteinNormalized, WASSERSTEIN_MIN_SCALE } from './wasserstein.js';
export { bootstrapCI, type BootstrapOptions, type BootstrapResult } from './bootstrap.js';
export { referenceSample, discreteValues, nearest } from './reference-sample.js';
