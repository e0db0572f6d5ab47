import type { FeatureProfile } from '../../contract/index.js';
import { mpError } from '../../core/index.js';
import type { Holdout } from '../data/holdout.js';
import { DEFAULT_DRIFT, section } from '../default-policy.js';
import { datasetDrift, type CurrentColumn } from '../drift/index.js';
import { verdict, type Gate } from '../gate.js';
import { round } from '../threshold.js';

/**
 * Data drift between the holdout and the version's reference profile, per feature with the test Evidently would
 * choose (KS / chi-square / z-test for ≤ 1000 reference rows, normalized Wasserstein / Jensen–Shannon above), PSI
 * alongside; the dataset drifted when the drifted share reaches `maxShare`.
 */
export const driftGate: Gate = {
  name: 'drift',
  category: 'drift',
  enabled: (policy) => typeof policy.drift === 'object',
  async check(version, ctx) {
    const settings = { ...DEFAULT_DRIFT, ...section(ctx.policy, 'drift') };
    const holdout = ctx.holdout;
    if (!holdout) throw mpError('MP_GATES_DATA_REQUIRED', 'the drift gate');
    if (!ctx.profile) throw mpError('MP_INPUT_INVALID', `${version.uri} has no reference profile to compare with — register it with --reference train.csv`);
    const result = datasetDrift(ctx.profile, columnsOf(holdout), settings);
    const drifted = result.features.filter((f) => f.drifted).map((f) => f.name);
    const details = { ...settings, tested: result.tested, drifted: result.drifted, share: result.share, missing: result.missing, features: result.features, referenceRows: ctx.profile.rowCount, currentRows: holdout.rows };
    const text = `${result.drifted} of ${result.tested} features drifted (share ${round(result.share)})${drifted.length ? `: ${drifted.slice(0, 8).join(', ')}${drifted.length > 8 ? ', …' : ''}` : ''}`;
    const extra = { score: result.share, threshold: `share < ${settings.maxShare}`, details };
    if (result.tested === 0) return verdict('Error', `the data has none of the profile's features (${result.missing.slice(0, 5).join(', ')})`, extra);
    if (result.datasetDrift) return verdict('Fail', `dataset drift: ${text}, at or above ${settings.maxShare}`, extra);
    return verdict('Pass', `no dataset drift: ${text}`, extra);
  },
};

/** A profile feature's column in the holdout: the parsed numbers for a model feature, else the column's text. */
function columnsOf(holdout: Holdout): (feature: FeatureProfile) => CurrentColumn | undefined {
  return (feature) => {
    const i = holdout.featureNames.indexOf(feature.name);
    if (feature.type === 'numeric' && i >= 0) return holdout.features[i];
    return holdout.column(feature.name);
  };
}
