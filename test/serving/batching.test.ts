import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdoutRows, metricValue, oipRequest, startTwoVersions, type Answer, type ServingHarness } from '../helpers/serving.js';

// Concurrent requests are merged into one onnxruntime run and split back: the answers must be exactly those of the
// same rows sent one at a time, and /metrics must show runs of more than one row.

const N = 64;
let h: ServingHarness;
beforeAll(async () => {
  h = await startTwoVersions();
});
afterAll(async () => {
  await h?.close();
});

const { rows } = holdoutRows('breast-cancer-holdout.csv');

interface BatchStats {
  runs: number;
  singleRowRuns: number;
  rows: number;
}
async function batchStats(endpoint: string): Promise<BatchStats> {
  const m = await h.metrics();
  return {
    runs: metricValue(m, 'modelpilot_batch_rows_count', { endpoint }),
    singleRowRuns: metricValue(m, 'modelpilot_batch_rows_bucket', { endpoint, le: '1' }),
    rows: metricValue(m, 'modelpilot_batch_rows_sum', { endpoint }),
  };
}

const outputsOf = (a: Answer): unknown => {
  expect(a.status).toBe(200);
  return a.body.outputs;
};

describe.each(['bc', 'trees'])('adaptive batching on %s', (endpoint) => {
  it(`${N} concurrent single-row requests answer exactly as the same rows sent one at a time, in merged runs`, async () => {
    const batch = rows.slice(0, N);
    const alone: unknown[] = [];
    const before = await batchStats(endpoint);
    for (const row of batch) alone.push(outputsOf(await h.post(`/v2/models/${endpoint}/infer`, oipRequest([row]))));
    const sequential = await batchStats(endpoint);
    // One at a time, every run holds exactly one row.
    expect(sequential.runs - before.runs).toBe(N);
    expect(sequential.singleRowRuns - before.singleRowRuns).toBe(N);

    // The first burst also opens the keep-alive connections; later bursts arrive together on open sockets.
    let bursts = 0;
    let merged = 0;
    let after = sequential;
    while (bursts < 2 || (merged === 0 && bursts < 6)) {
      const answers = await Promise.all(batch.map((row) => h.post(`/v2/models/${endpoint}/infer`, oipRequest([row]))));
      bursts++;
      answers.forEach((a, i) => expect(outputsOf(a), `row ${i} of burst ${bursts}`).toEqual(alone[i]));
      after = await batchStats(endpoint);
      merged = after.runs - sequential.runs - (after.singleRowRuns - sequential.singleRowRuns);
    }
    expect(merged, 'runs of more than one row').toBeGreaterThan(0);
    // Every row was run exactly once, in fewer runs than requests.
    expect(after.rows - sequential.rows).toBe(N * bursts);
    expect(after.runs - sequential.runs).toBeLessThan(N * bursts);
  });
});

describe('merging requests of different sizes and protocols', () => {
  it('multi-row OIP, MLflow and /predict requests merged together split back to their own rows', async () => {
    const sizes = Array.from({ length: 40 }, (_, i) => 1 + (i % 5));
    let at = 0;
    const groups = sizes.map((n) => {
      const group = rows.slice(at % 100, (at % 100) + n);
      at += n;
      return group;
    });
    const send = (group: number[][], i: number): Promise<Answer> => {
      if (i % 3 === 0) return h.post('/v2/models/bc/infer', oipRequest(group));
      if (i % 3 === 1) return h.post('/endpoints/bc/invocations', { instances: group });
      return h.post('/api/v1/models/bc/predict', { instances: group });
    };
    const alone: Answer[] = [];
    for (const [i, g] of groups.entries()) alone.push(await send(g, i));
    // No request has more than 5 rows, so a run of more than 8 rows merged several of them.
    const bigRuns = async (): Promise<number> => {
      const m = await h.metrics();
      return metricValue(m, 'modelpilot_batch_rows_count', { endpoint: 'bc' }) - metricValue(m, 'modelpilot_batch_rows_bucket', { endpoint: 'bc', le: '8' });
    };
    const before = await bigRuns();
    let bursts = 0;
    while (bursts < 2 || ((await bigRuns()) === before && bursts < 6)) {
      const together = await Promise.all(groups.map(send));
      bursts++;
      together.forEach((a, i) => {
        expect(a.status).toBe(200);
        const { request_id: _a, ...got } = a.body as Record<string, unknown>;
        const { request_id: _b, ...want } = alone[i]!.body as Record<string, unknown>;
        expect(got, `request ${i} (${groups[i]!.length} rows) of burst ${bursts}`).toEqual(want);
      });
    }
    expect(await bigRuns()).toBeGreaterThan(before);
  });
});
