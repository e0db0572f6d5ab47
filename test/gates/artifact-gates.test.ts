import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityGate, metadataGate, metricsGate, safetyGate, signatureGate } from '../../src/gates/builtin/index.js';
import { fixture } from '../helpers/fixtures.js';
import { checkBytes, checkGate, gateFixture, holdoutOf, registerFixture } from '../helpers/gates.js';
import { openHarness, type RegistryHarness } from '../helpers/registry.js';

// The gates that read the artifact and the version's metadata, on real fixture models in a real registry (SQLite).

let h: RegistryHarness;
beforeAll(async () => {
  h = await openHarness('sqlite');
  await registerFixture(h, 'bc', 'breast-cancer-logreg.onnx', { metrics: { accuracy: 0.986, roc_auc: 0.9977 }, tags: { owner: 'ml-team', dataset_version: 'wdbc' }, lineage: { git_commit: 'abc' } }); // bc/1
  await registerFixture(h, 'bc', 'breast-cancer-trees.onnx'); // bc/2
  await registerFixture(h, 'iris', 'iris-logreg.onnx', { reference: false }); // no feature names
  await registerFixture(h, 'plain', 'breast-cancer-logreg.onnx', { reference: false });
});
afterAll(async () => h?.close());

const blobPath = (digest: string): string => join(h.artifactsDir, 'sha256', digest.slice(7, 9), digest.slice(9));

describe('integrity gate', () => {
  it('passes a stored artifact whose bytes hash to the registered digest', async () => {
    const r = await checkGate(h, integrityGate, 'bc/1');
    expect(r).toMatchObject({ outcome: 'Pass', score: readFileSync(fixture('breast-cancer-logreg.onnx')).length });
    expect(r.details['digest']).toBe((await h.registry.getVersion('bc/1')).digest);
  });

  it('fails an artifact over the size limit', async () => {
    const r = await checkGate(h, integrityGate, 'bc/1', { policy: { integrity: { maxBytes: 100 } } });
    expect(r).toMatchObject({ outcome: 'Fail', threshold: '<= 100 bytes' });
    expect(r.message).toContain('more than the limit of 100');
  });

  it('fails a blob changed on disk, and a missing one, naming the problem', async () => {
    const v = await registerFixture(h, 'victim', 'iris-logreg.onnx', { reference: false });
    const path = blobPath(v.digest);
    const good = readFileSync(path);
    writeFileSync(path, Buffer.concat([good.subarray(0, good.length - 1), Buffer.from([good[good.length - 1]! ^ 1])]));
    const corrupt = await checkGate(h, integrityGate, v.uri);
    expect(corrupt).toMatchObject({ outcome: 'Fail', details: { reason: 'MP_ARTIFACT_CORRUPT' } });
    expect(corrupt.message).toContain('does not match its digest');
    rmSync(path);
    expect(await checkGate(h, integrityGate, v.uri)).toMatchObject({ outcome: 'Fail', details: { reason: 'MP_ARTIFACT_NOT_FOUND' } });
    writeFileSync(path, good);
    expect((await checkGate(h, integrityGate, v.uri)).outcome).toBe('Pass');
  });
});

describe('safety gate', () => {
  const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(name.startsWith('/') ? name : fixture(name)));

  it('passes the default-domain and ai.onnx.ml models with the default allowlist', async () => {
    expect(await checkGate(h, safetyGate, 'bc/1')).toMatchObject({ outcome: 'Pass', details: { nodes: 8, externalData: [] } });
    expect((await checkGate(h, safetyGate, 'bc/2')).details['ops']).toEqual({ 'ai.onnx.ml:TreeEnsembleClassifier': 1 });
  });

  it('refuses a domain the policy does not allow, and says which operators use it', async () => {
    const r = await checkGate(h, safetyGate, 'bc/2', { policy: { safety: { allowedDomains: [''] } } });
    expect(r.outcome).toBe('Fail');
    expect(r.message).toBe("operator domain 'ai.onnx.ml' is not allowed (allowed: ai.onnx) — used by TreeEnsembleClassifier ×1");
    const unknown = await checkBytes(safetyGate, bytes('bad-unknown-domain.onnx'));
    expect(unknown.message).toContain("operator domain 'com.example.unknown' is not allowed (allowed: ai.onnx, ai.onnx.ml) — used by Frobnicate ×1");
  });

  it('refuses an opset outside the range and a graph over the size limits', async () => {
    const r = await checkGate(h, safetyGate, 'bc/1', { policy: { safety: { opsetRange: { min: 18, max: 23 }, maxNodes: 3, maxBytes: 64 } } });
    expect(r.outcome).toBe('Fail');
    expect((r.details['refusals'] as { rule: string }[]).map((x) => x.rule)).toEqual(['opset', 'nodes', 'bytes']);
    expect(r.message).toContain('default-domain opset 17 is outside the accepted 18..23');
    expect(r.message).toContain('the graph has 8 nodes, more than the limit of 3');
  });

  it('refuses external data that escapes the model folder, and bytes that are not ONNX', async () => {
    const escape = await checkBytes(safetyGate, bytes(gateFixture('external-data-escape.onnx')));
    expect(escape).toMatchObject({ outcome: 'Fail', message: "tensor 'coef' reads external data from '../../../etc/passwd', which climbs out of the model's folder" });
    for (const bad of ['bad-not-onnx.onnx', 'bad-truncated.onnx']) {
      const v = await checkBytes(safetyGate, bytes(bad));
      expect(v.outcome).toBe('Fail');
      expect(v.message).toMatch(/^not a well-formed ONNX model: /);
    }
  });
});

describe('signature gate', () => {
  it('passes a classifier whose named features match the holdout', async () => {
    const v = await h.registry.getVersion('bc/1');
    const r = await checkGate(h, signatureGate, 'bc/1', { holdout: holdoutOf('breast-cancer-holdout.csv', v) });
    expect(r).toMatchObject({ outcome: 'Pass', details: { task: 'classification', width: 30, labelOutput: 'label', probabilitiesOutput: 'probabilities' } });
    expect(r.message).toBe('classification: 30 named features, matching the data; outputs label, probabilities');
  });

  it('fails when the data has other columns than the model takes', async () => {
    const plain = await h.registry.getVersion('plain/1');
    const withGroup = await checkGate(h, signatureGate, 'plain/1', { holdout: holdoutOf(gateFixture('breast-cancer-holdout-groups.csv'), plain) });
    expect(withGroup.outcome).toBe('Fail');
    expect(withGroup.message).toContain('the data has 31 feature columns');
    expect(withGroup.message).toContain("column 'group' has 143 values that are not numbers");
    const iris = await h.registry.getVersion('iris/1');
    const wrong = await checkGate(h, signatureGate, 'iris/1', { holdout: holdoutOf('breast-cancer-holdout.csv', iris) });
    expect(wrong.message).toContain('the model takes 4');
  });

  it('passes a model without feature names on data of the right width, saying columns go by position', async () => {
    const iris = await h.registry.getVersion('iris/1');
    const r = await checkGate(h, signatureGate, 'iris/1', { holdout: holdoutOf('iris-holdout.csv', iris) });
    expect(r).toMatchObject({ outcome: 'Pass', message: 'classification: 4 columns by position (no feature names), matching the data; outputs label, probabilities' });
  });
});

describe('metadata gate', () => {
  it('passes when the required tags, lineage and approvals are there', async () => {
    await h.registry.approve('bc/1', { by: 'ana' });
    const r = await checkGate(h, metadataGate, 'bc/1', { policy: { requiredTags: ['owner', 'dataset_version'], requiredLineage: ['git_commit'], approvals: 1 } });
    expect(r).toMatchObject({ outcome: 'Pass', message: '2 tag(s), 1 lineage field(s) present; 1 approval(s)' });
  });

  it('fails naming every missing tag, lineage field and approval', async () => {
    const r = await checkGate(h, metadataGate, 'bc/2', { policy: { requiredTags: ['owner'], requiredLineage: ['git_commit', 'dataset_version'], approvals: 2 } });
    expect(r.outcome).toBe('Fail');
    expect(r.message).toBe('missing tag(s) owner (add with --tag k=v when registering); missing lineage field(s) git_commit, dataset_version (add with --lineage k=v); 0 of 2 required approvals');
  });

  it('does not run at all when the policy requires nothing', () => {
    expect(metadataGate.enabled({})).toBe(false);
  });
});

describe('registered-metrics gate', () => {
  it('passes registered metrics that meet >=, <= and range thresholds', async () => {
    const r = await checkGate(h, metricsGate, 'bc/1', { policy: { metrics: { accuracy: '>= 0.95', roc_auc: '0.99..1' } } });
    expect(r).toMatchObject({ outcome: 'Pass', score: 0.986, threshold: 'accuracy >= 0.95, roc_auc 0.99..1' });
  });

  it('fails a metric below its threshold and one never registered', async () => {
    const r = await checkGate(h, metricsGate, 'bc/1', { policy: { metrics: { accuracy: '>= 0.99', f1: '>= 0.5' } } });
    expect(r).toMatchObject({ outcome: 'Fail', score: 0.986 });
    expect(r.message).toBe('registered metrics below the bar: accuracy 0.986 (needs >= 0.99), f1 unavailable (needs >= 0.5)');
  });
});
