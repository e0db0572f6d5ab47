import type { Clock } from '../../core/index.js';
import { verdict, type Gate, type GateContext } from '../gate.js';
import { ioOf, type ModelIo } from '../model/model-io.js';
import { collect, feedsFor, type Predictions } from '../model/predict.js';
import { probeColumns } from '../model/rows.js';
import { compareAnswers, type OipOutput } from './_oip-compare.js';

/** How long one HTTP call to the service may take. */
const HTTP_TIMEOUT_MS = 10_000;
/** Rows sent in the predict round trip. */
const ROUND_TRIP_ROWS = 8;

const OIP_TYPE: Readonly<Record<string, string>> = { float32: 'FP32', float64: 'FP64' };

interface Step {
  readonly step: string;
  readonly ok: boolean;
  readonly status: number | null;
  readonly message: string;
}

/**
 * Against a running endpoint (`modelpilot test --service URL`): liveness, readiness, the endpoint's readiness, and a
 * predict round trip over the Open Inference Protocol v2 pinned to this version, whose answers must equal the
 * in-process ones (labels exactly, probabilities and values within 1e-5).
 */
export const integrationGate: Gate = {
  name: 'integration',
  category: 'integration',
  enabled: () => true,
  async check(version, ctx) {
    const service = ctx.service;
    if (!service) return verdict('Skipped', 'no service to test — pass --service http://host:port');
    const base = `${service.url.replace(/\/+$/, '')}/v2`;
    const model = `${base}/models/${encodeURIComponent(service.endpoint)}`;
    const steps: Step[] = [];
    for (const [step, url] of [['live', `${base}/health/live`], ['ready', `${base}/health/ready`], ['endpoint ready', `${model}/ready`]] as const) {
      steps.push(await get(step, url, ctx.clock));
    }
    steps.push(await roundTrip(`${model}/versions/${version.version}/infer`, ctx));
    const failed = steps.filter((s) => !s.ok);
    const details = { url: service.url, endpoint: service.endpoint, steps };
    if (failed.length > 0) return verdict('Fail', failed.map((s) => `${s.step}: ${s.message}`).join('; '), { score: failed.length, threshold: '0 failed steps', details });
    return verdict('Pass', `${service.url}: live, ready, endpoint '${service.endpoint}' ready, ${ROUND_TRIP_ROWS}-row predict round trip matches in-process answers`, { score: 0, threshold: '0 failed steps', details });
  },
};

async function get(step: string, url: string, clock: Clock): Promise<Step> {
  const answer = await http(url, { method: 'GET' }, clock);
  if ('error' in answer) return { step, ok: false, status: null, message: answer.error };
  return { step, ok: answer.status === 200, status: answer.status, message: answer.status === 200 ? 'ok' : `HTTP ${answer.status}: ${answer.text.slice(0, 200)}` };
}

async function roundTrip(url: string, ctx: GateContext): Promise<Step> {
  const model = await ctx.model();
  const io = ioOf(model.signature);
  const columns = probeColumns(ctx, io, ROUND_TRIP_ROWS);
  const local = collect(io, [await model.run(feedsFor(io, columns, 0, ROUND_TRIP_ROWS))], ROUND_TRIP_ROWS);
  const body = JSON.stringify({ id: 'modelpilot-test', inputs: oipInputs(io, columns) });
  const answer = await http(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, ctx.clock);
  if ('error' in answer) return { step: 'predict', ok: false, status: null, message: answer.error };
  if (answer.status !== 200) return { step: 'predict', ok: false, status: answer.status, message: `HTTP ${answer.status}: ${answer.text.slice(0, 200)}` };
  const problem = mismatch(answer.text, io, local);
  return { step: 'predict', ok: problem === undefined, status: 200, message: problem ?? `${ROUND_TRIP_ROWS} rows answered as in-process` };
}

function oipInputs(io: ModelIo, columns: readonly Float64Array[]): unknown[] {
  return io.inputs.map((slot) => {
    const data: number[] = [];
    for (let r = 0; r < ROUND_TRIP_ROWS; r++) for (let k = 0; k < slot.width; k++) data.push(columns[slot.offset + k]![r]!);
    return { name: slot.name, shape: [ROUND_TRIP_ROWS, slot.width], datatype: OIP_TYPE[slot.dtype] ?? 'FP32', data };
  });
}

function mismatch(text: string, io: ModelIo, local: Predictions): string | undefined {
  let outputs: OipOutput[];
  try {
    outputs = (JSON.parse(text) as { outputs?: OipOutput[] }).outputs ?? [];
  } catch {
    return `the answer is not JSON: ${text.slice(0, 200)}`;
  }
  return compareAnswers(outputs, io, local);
}

async function http(url: string, init: RequestInit, clock: Clock): Promise<{ status: number; text: string } | { error: string }> {
  const abort = new AbortController();
  const timer = clock.setTimeout(() => abort.abort(), HTTP_TIMEOUT_MS);
  try {
    const response = await fetch(url, { ...init, signal: abort.signal });
    return { status: response.status, text: await response.text() };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return { error: abort.signal.aborted ? `no answer within ${HTTP_TIMEOUT_MS} ms from ${url}` : `unreachable: ${url} (${cause ?? (e as Error).message})` };
  } finally {
    clock.clearTimeout(timer);
  }
}
