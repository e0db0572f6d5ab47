import { chiSquareHomogeneity, jensenShannon, ks2samp, psiOfSamples } from '../../stats/index.js';
import { noData, type MetricComparison } from './metric.js';

/** Smallest KS distance that counts as a shift, so a huge sample cannot flag a negligible difference. */
export const MIN_KS_DISTANCE = 0.05;
/** Smallest Jensen-Shannon distance of the class mix that counts. */
export const MIN_CLASS_MIX_DISTANCE = 0.05;

/**
 * Score distributions: two-sample KS (two-sided, any direction of shift is a change in behaviour) with a
 * minimum distance, and PSI over the stable arm's quantile bins reported for context.
 */
export const predictionShift: MetricComparison = (stable, canary, settings) => {
  const [s, c] = [stable.scores, canary.scores];
  if (s.length < settings.minSamples || c.length < settings.minSamples) return noData('Kolmogorov-Smirnov', s.length, c.length, settings);
  const ks = ks2samp(s, c, { method: s.length * c.length > 1e6 ? 'asymp' : 'auto' });
  const psi = psiOfSamples(s, c);
  const high = ks.pValue < settings.alpha && ks.statistic >= MIN_KS_DISTANCE;
  return {
    verdict: high ? 'High' : 'Pass',
    stable: { n: s.length, value: mean(s) },
    canary: { n: c.length, value: mean(c) },
    test: `Kolmogorov-Smirnov (${ks.method})`,
    statistic: ks.statistic,
    pValue: ks.pValue,
    interval: null,
    effect: ks.statistic,
    alpha: settings.alpha,
    message: `KS D ${ks.statistic.toFixed(4)} (p ${ks.pValue.toPrecision(3)}), PSI ${psi.toFixed(4)}${high ? ' — score distribution shifted' : ''}`,
  };
};

/** Predicted-class mix: chi-square test of homogeneity, with a minimum Jensen-Shannon distance. */
export const classMix: MetricComparison = (stable, canary, settings) => {
  const [s, c] = [stable.classes, canary.classes];
  if (s.length < settings.minSamples || c.length < settings.minSamples) return noData('chi-square', s.length, c.length, settings);
  const labels = [...new Set([...s, ...c])].sort((a, b) => a - b);
  const [cs, cc] = [counts(s, labels), counts(c, labels)];
  const chi = chiSquareHomogeneity(cs, cc);
  const js = jensenShannon(cs, cc);
  const high = chi.pValue < settings.alpha && js >= MIN_CLASS_MIX_DISTANCE;
  return {
    verdict: high ? 'High' : 'Pass',
    stable: { n: s.length, value: null },
    canary: { n: c.length, value: null },
    test: 'chi-square homogeneity',
    statistic: chi.statistic,
    pValue: chi.pValue,
    interval: null,
    effect: js,
    alpha: settings.alpha,
    message: `χ² ${chi.statistic.toFixed(2)} (df ${chi.df}, p ${chi.pValue.toPrecision(3)}), JS distance ${js.toFixed(4)}${high ? ' — class mix changed' : ''}`,
  };
};

function counts(values: Int32Array, labels: readonly number[]): number[] {
  const at = new Map(labels.map((l, i) => [l, i]));
  const out = labels.map(() => 0);
  for (const v of values) out[at.get(v)!]!++;
  return out;
}

function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
