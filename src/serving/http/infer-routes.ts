import type { IncomingHttpHeaders } from 'node:http';
import { mpError } from '../../core/index.js';
import { rowsToFeeds } from '../feeds.js';
import { infer, type Routed, type ServingDeps } from '../infer.js';
import { toPredictions } from '../predictions.js';
import { decodeMlflow, encodeMlflow } from '../protocols/mlflow.js';
import { decodeOipRequest, encodeOipResponse, type BinaryAnswer, type OipRequest } from '../protocols/oip.js';

/** The endpoint header MLflow-style clients use when one server hosts several endpoints. */
export const ENDPOINT_HEADER = 'x-modelpilot-endpoint';

/** A request on its way to an answer: its path parameters, headers, parsed body and id. */
export interface InferRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  /** Binary tensor data after the body's JSON (OIP's extension), when the client sent some. */
  readonly binary: Buffer | undefined;
  readonly id: string;
}

/** A route's answer: JSON text, or JSON followed by binary tensor data. */
export type Answer = string | BinaryAnswer;

/** Where a request goes: an endpoint, and the version the URL pins (OIP's `/versions/{v}` form). */
export interface Target {
  readonly endpoint: string;
  readonly pinned: number | undefined;
}

/** One inference route of a protocol: its path, how it names its endpoint, and how it answers. */
export interface InferRoute {
  readonly protocol: 'oip' | 'mlflow' | 'predict';
  /** Path segments; `:name` segments are parameters. */
  readonly path: readonly string[];
  target(deps: ServingDeps, request: InferRequest): Target;
  /** Decodes, runs and encodes; resolves with the answer's body. */
  answer(deps: ServingDeps, routed: Routed, request: InferRequest): Promise<Answer>;
}

const OIP_TARGET = (_deps: ServingDeps, r: InferRequest): Target => ({ endpoint: r.params.endpoint!, pinned: pinnedOf(r.params) });
const NAMED_TARGET = (_deps: ServingDeps, r: InferRequest): Target => ({ endpoint: r.params.endpoint!, pinned: undefined });

/**
 * The data plane's inference routes: Open Inference Protocol v2 (with the /versions/{v} form), MLflow's
 * scoring server, and the gateway's /predict.
 */
export const INFER_ROUTES: readonly InferRoute[] = [
  { protocol: 'oip', path: ['v2', 'models', ':endpoint', 'infer'], target: OIP_TARGET, answer: answerOip },
  { protocol: 'oip', path: ['v2', 'models', ':endpoint', 'versions', ':version', 'infer'], target: OIP_TARGET, answer: answerOip },
  { protocol: 'mlflow', path: ['invocations'], target: (deps, r) => ({ endpoint: headerEndpoint(deps, r.headers), pinned: undefined }), answer: answerMlflow },
  { protocol: 'mlflow', path: ['endpoints', ':endpoint', 'invocations'], target: NAMED_TARGET, answer: answerMlflow },
  { protocol: 'predict', path: ['api', 'v1', 'models', ':endpoint', 'predict'], target: NAMED_TARGET, answer: answerPredict },
];

async function answerOip(deps: ServingDeps, routed: Routed, request: InferRequest): Promise<Answer> {
  let decoded: OipRequest | undefined;
  const result = await infer(deps, routed, request.id, (layout) => (decoded = decodeOipRequest(request.body, request.binary, layout, deps.nonFinite, deps.maxRows)).feeds);
  const { served } = routed;
  const { id, outputs, binary } = decoded!;
  return encodeOipResponse(served.endpoint, served.entry.version, id, result.outputs, outputs ?? served.layout.outputNames, binary);
}

async function answerMlflow(deps: ServingDeps, routed: Routed, request: InferRequest): Promise<string> {
  const result = await infer(deps, routed, request.id, (layout) => decodeMlflow(request.body, layout, deps.nonFinite, deps.maxRows));
  return encodeMlflow(toPredictions(result.outputs, routed.served.layout, result.rows));
}

async function answerPredict(deps: ServingDeps, routed: Routed, request: InferRequest): Promise<string> {
  const result = await infer(deps, routed, request.id, (layout) => rowsToFeeds(layout, instancesOf(request.body), deps.nonFinite, deps.maxRows));
  const p = toPredictions(result.outputs, routed.served.layout, result.rows);
  return JSON.stringify({
    predictions: p.values ?? p.labels ?? [],
    ...(p.probabilities ? { probabilities: p.probabilities } : {}),
    model_version: routed.served.entry.version,
    request_id: request.id,
  });
}

function instancesOf(body: unknown): unknown[] {
  const instances = (body as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances)) throw mpError('MP_SERVING_INPUT_INVALID', "the body has no 'instances' list", 'send {"instances": [[…], …]} or records by feature name');
  return instances;
}

/** The version an OIP `/versions/{v}` URL pins; a malformed one is a 404 like an unknown one. */
export function pinnedOf(params: Readonly<Record<string, string>>): number | undefined {
  const version = params.version;
  if (version === undefined) return undefined;
  const v = Number(version);
  if (!Number.isSafeInteger(v) || v < 1) throw mpError('MP_SERVING_VERSION_NOT_FOUND', version.slice(0, 20), params.endpoint!, params.endpoint!);
  return v;
}

/** MLflow's bare `/invocations`: the endpoint the header names, or the only one served here. */
function headerEndpoint(deps: ServingDeps, headers: IncomingHttpHeaders): string {
  const named = headers[ENDPOINT_HEADER];
  if (typeof named === 'string' && named) return named;
  const all = deps.host.endpoints();
  if (all.length === 1) return all[0]!.plan.endpoint;
  throw mpError('MP_SERVING_INPUT_INVALID', `this server hosts ${all.length} endpoints`, `name one with the ${ENDPOINT_HEADER} header or POST /endpoints/{endpoint}/invocations`);
}
