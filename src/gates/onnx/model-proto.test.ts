import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/helpers/fixtures.js';
import { escapes } from '../builtin/safety.js';
import { summarizeOnnx } from './model-proto.js';
import { ProtoError, readVarint } from './protobuf.js';

const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(fixture(name)));

// Expected values from /usr/bin/python3 with onnx 1.12: m = onnx.load(path); m.ir_version, m.opset_import,
// [(n.domain, n.op_type) for n in m.graph.node], len(m.graph.initializer).
describe('the hand-written ONNX reader', () => {
  it('reads the logistic regression: IR 8, opset 17, 8 default-domain nodes, 5 initializers', () => {
    const s = summarizeOnnx(bytes('breast-cancer-logreg.onnx'));
    expect([s.irVersion, s.producer, s.opsets]).toEqual([8, 'modelpilot/scripts/make-fixtures.py', [{ domain: '', version: 17 }]]);
    expect(s.nodeCount).toBe(8);
    expect(s.ops).toEqual({ 'ai.onnx:Sub': 2, 'ai.onnx:Div': 1, 'ai.onnx:MatMul': 1, 'ai.onnx:Add': 1, 'ai.onnx:Sigmoid': 1, 'ai.onnx:Concat': 1, 'ai.onnx:ArgMax': 1 });
    expect([s.nodeDomains, s.initializers, s.externalData]).toEqual([[''], 5, []]);
  });

  it('reads the tree ensemble: one ai.onnx.ml node, both opsets', () => {
    const s = summarizeOnnx(bytes('breast-cancer-trees.onnx'));
    expect(s.opsets).toEqual([{ domain: '', version: 17 }, { domain: 'ai.onnx.ml', version: 3 }]);
    expect(s.ops).toEqual({ 'ai.onnx.ml:TreeEnsembleClassifier': 1 });
  });

  it('sees a custom domain and an external-data location', () => {
    expect(summarizeOnnx(bytes('bad-unknown-domain.onnx')).nodeDomains).toEqual(['com.example.unknown']);
    expect(summarizeOnnx(bytes('gates/external-data-escape.onnx')).externalData).toEqual([{ tensor: 'coef', location: '../../../etc/passwd' }]);
  });

  it('refuses what is not a ModelProto instead of guessing', () => {
    expect(() => summarizeOnnx(bytes('bad-not-onnx.onnx'))).toThrow(ProtoError);
    expect(() => summarizeOnnx(bytes('bad-truncated.onnx'))).toThrow(ProtoError);
    expect(() => summarizeOnnx(new Uint8Array([0x08, 0x08]))).toThrow('no graph');
    expect(() => readVarint(new Uint8Array(11).fill(0xff), 0, 11)).toThrow('longer than 10 bytes');
  });

  it('reads multi-byte varints', () => {
    expect(readVarint(Uint8Array.of(0xac, 0x02), 0, 2)).toEqual({ value: 300, next: 2 });
  });
});

describe('external-data locations', () => {
  it.each([
    ['weights.bin', null],
    ['data/w.bin', null],
    ['./a/../w.bin', null],
    ['../w.bin', "climbs out of the model's folder"],
    ['a/../../w.bin', "climbs out of the model's folder"],
    ['/etc/passwd', 'is an absolute path'],
    ['C:\\weights.bin', 'is an absolute path'],
    ['..\\..\\w.bin', "climbs out of the model's folder"],
    ['', 'names no file'],
  ])('%s → %s', (location, why) => {
    expect(escapes(location)).toBe(why);
  });
});
