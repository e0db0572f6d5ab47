import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mpError } from '../../core/index.js';
import { pinnedOf } from '../http/infer-routes.js';
import { resolveServed, type ServingDeps } from '../infer.js';
import { OIP_DATATYPE } from '../model-layout.js';
import type { EndpointState } from '../serving-host.js';
import { sendError } from './errors.js';

type Params = { endpoint: string; version?: string };

/**
 * Open Inference Protocol v2's metadata, health and readiness routes, with the /versions/{v} forms
 * (KServe / Triton clients work unchanged). Its infer route is one of the data plane's own (http/infer-routes).
 */
export function oipRoutes(app: FastifyInstance, deps: ServingDeps, serverVersion: string): void {
  app.get('/v2', async () => ({ name: 'modelpilot', version: serverVersion, extensions: ['binary_tensor_data'] }));
  app.get('/v2/health/live', async () => ({ live: true }));
  app.get('/v2/health/ready', async (request, reply) => {
    const problem = deps.readiness();
    return problem ? sendError(reply, request, mpError('MP_SERVER_NOT_READY', problem)) : { ready: true };
  });
  for (const base of ['/v2/models/:endpoint', '/v2/models/:endpoint/versions/:version']) {
    app.get(base, (request: FastifyRequest<{ Params: Params }>, reply) => metadata(deps, request, reply));
    app.get(`${base}/ready`, (request: FastifyRequest<{ Params: Params }>, reply) => ready(deps, request, reply));
  }
}

function stateOf(deps: ServingDeps, endpoint: string): EndpointState {
  const state = deps.host.get(endpoint);
  if (state === undefined) throw mpError('MP_SERVING_ENDPOINT_NOT_FOUND', endpoint);
  if (state === 'loading') throw mpError('MP_SERVING_NOT_READY', endpoint, 'its model is loading');
  return state;
}

async function metadata(deps: ServingDeps, request: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<unknown> {
  const state = stateOf(deps, request.params.endpoint);
  const { served } = resolveServed(deps, request.params.endpoint, pinnedOf(request.params), request.headers);
  const tensor = (t: { name: string; dtype: string; shape: readonly (number | string | null)[] }) => ({
    name: t.name,
    datatype: OIP_DATATYPE[t.dtype] ?? t.dtype,
    shape: t.shape.map((d) => (typeof d === 'number' ? d : -1)),
  });
  void reply.header('x-modelpilot-version', String(served.entry.version));
  return {
    name: request.params.endpoint,
    versions: [...state.versions.keys()].map(String),
    platform: 'onnxruntime_onnx',
    inputs: served.layout.inputs.map((s) => tensor({ name: s.name, dtype: s.dtype, shape: [null, s.width] })),
    outputs: served.layout.outputs.map(tensor),
    parameters: { model: served.entry.model, version: served.entry.version, feature_names: served.layout.featureNames },
  };
}

async function ready(deps: ServingDeps, request: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<unknown> {
  const { served } = resolveServed(deps, request.params.endpoint, pinnedOf(request.params), request.headers);
  void reply.header('x-modelpilot-version', String(served.entry.version));
  return { name: request.params.endpoint, ready: true };
}
