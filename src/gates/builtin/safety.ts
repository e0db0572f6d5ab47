import type { GatePolicy } from '../../contract/index.js';
import { DEFAULT_ALLOWED_DOMAINS, DEFAULT_MAX_NODES, DEFAULT_OPSET_RANGE, section } from '../default-policy.js';
import { verdict, type Gate } from '../gate.js';
import { summarizeOnnx, type OnnxSummary } from '../onnx/model-proto.js';
import { ProtoError } from '../onnx/protobuf.js';

type SafetySettings = Exclude<GatePolicy['safety'], false | undefined>;

/** ONNX spells its default domain '' or 'ai.onnx'. */
const canonical = (domain: string): string => (domain === '' ? 'ai.onnx' : domain);

/**
 * Reads the ONNX bytes without loading them (a hand-written protobuf reader): only allowed operator domains, the
 * default-domain opset within range, graph size within limits, and no external-data file outside the model's folder.
 * Each refusal is explained. (Only ONNX is ever loaded: no pickle, so nothing in a model file runs at load time.)
 */
export const safetyGate: Gate = {
  name: 'safety',
  category: 'security',
  enabled: (policy) => policy.safety !== false,
  async check(_version, ctx) {
    const settings = section(ctx.policy, 'safety') ?? {};
    let summary: OnnxSummary;
    try {
      summary = summarizeOnnx(await ctx.artifact());
    } catch (e) {
      if (!(e instanceof ProtoError)) throw e;
      return verdict('Fail', `not a well-formed ONNX model: ${e.message}`, { details: { refusals: [{ rule: 'format', message: e.message }] } });
    }
    const refusals = [...domainRefusals(summary, settings), ...opsetRefusals(summary, settings), ...sizeRefusals(summary, settings), ...externalRefusals(summary)];
    const details = { refusals, irVersion: summary.irVersion, producer: summary.producer, opsets: summary.opsets, nodes: summary.nodeCount, ops: summary.ops, initializerBytes: summary.initializerBytes, externalData: summary.externalData, functions: summary.functions };
    if (refusals.length > 0) return verdict('Fail', refusals.map((r) => r.message).join('; '), { score: refusals.length, threshold: 'no refusals', details });
    const domains = [...new Set(summary.opsets.map((o) => canonical(o.domain)))].join(', ');
    return verdict('Pass', `${summary.nodeCount} nodes in ${domains}; opsets within range; no external data outside the model`, { score: 0, threshold: 'no refusals', details });
  },
};

function domainRefusals(s: OnnxSummary, settings: SafetySettings): { rule: string; message: string }[] {
  const allowed = new Set((settings.allowedDomains ?? DEFAULT_ALLOWED_DOMAINS).map(canonical));
  const used = new Set([...s.opsets.map((o) => canonical(o.domain)), ...s.nodeDomains.map(canonical)]);
  return [...used]
    .filter((d) => !allowed.has(d))
    .map((d) => {
      const ops = Object.entries(s.ops).filter(([key]) => key.startsWith(`${d}:`)).map(([key, n]) => `${key.slice(d.length + 1)} ×${n}`);
      return { rule: 'domain', message: `operator domain '${d}' is not allowed (allowed: ${[...allowed].join(', ')})${ops.length ? ` — used by ${ops.join(', ')}` : ''}` };
    });
}

function opsetRefusals(s: OnnxSummary, settings: SafetySettings): { rule: string; message: string }[] {
  const range = settings.opsetRange ?? DEFAULT_OPSET_RANGE;
  const main = s.opsets.find((o) => canonical(o.domain) === 'ai.onnx');
  if (!main) return [{ rule: 'opset', message: 'the model imports no default-domain opset' }];
  if (main.version >= range.min && main.version <= range.max) return [];
  return [{ rule: 'opset', message: `default-domain opset ${main.version} is outside the accepted ${range.min}..${range.max}` }];
}

function sizeRefusals(s: OnnxSummary, settings: SafetySettings): { rule: string; message: string }[] {
  const maxNodes = settings.maxNodes ?? DEFAULT_MAX_NODES;
  const out: { rule: string; message: string }[] = [];
  if (s.nodeCount > maxNodes) out.push({ rule: 'nodes', message: `the graph has ${s.nodeCount} nodes, more than the limit of ${maxNodes}` });
  if (settings.maxBytes !== undefined && s.initializerBytes > settings.maxBytes) {
    out.push({ rule: 'bytes', message: `the weights take ${s.initializerBytes} bytes, more than the limit of ${settings.maxBytes}` });
  }
  return out;
}

function externalRefusals(s: OnnxSummary): { rule: string; message: string }[] {
  return s.externalData.flatMap(({ tensor, location }) => {
    const why = escapes(location);
    return why ? [{ rule: 'external-data', message: `tensor '${tensor}' reads external data from '${location}', which ${why}` }] : [];
  });
}

/**
 * Why an external-data location is not a file inside the model's folder, or null when it is.
 * @example escapes('../../etc/passwd') // 'climbs out of the model's folder'
 */
export function escapes(location: string): string | null {
  if (location.trim() === '') return 'names no file';
  if (/^(?:[A-Za-z]:|[\\/])/.test(location) || location.includes('\0')) return 'is an absolute path';
  let depth = 0;
  for (const part of location.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return "climbs out of the model's folder";
  }
  return null;
}
