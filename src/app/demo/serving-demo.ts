import { readFile } from 'node:fs/promises';
import { parseCsv } from '../../core/index.js';
import type { Config } from '../config.js';
import { DEFAULT_SERVE_OPTIONS } from '../serve-options.js';
import { buildServer } from '../server.js';
import type { DemoNarrator } from './registry-demo.js';

/**
 * The serving part of the tour: serve @champion over real HTTP and score the holdout set through it,
 * one OIP v2 request per row (concurrently, so the batcher merges them), then once more as one MLflow call.
 */
export async function servingDemo(config: Config, holdoutCsv: string, say: DemoNarrator): Promise<{ accuracy: number; requests: number }> {
  const server = await buildServer(config, { ...DEFAULT_SERVE_OPTIONS, port: 0, sampleRate: 1 }, 'demo');
  try {
    await server.endpoints.deploy('breast-cancer', 'models:/breast-cancer@champion', config.actor);
    server.setNotReady(undefined);
    const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
    server.setAddress(base);
    say.step(`serve models:/breast-cancer@champion at ${base}/v2/models/breast-cancer/infer`);
    const { rows, labels } = await holdout(holdoutCsv);
    const predicted = await scoreOneByOne(base, rows);
    const accuracy = predicted.filter((p, i) => p === labels[i]).length / rows.length;
    say.show(`${rows.length} OIP v2 requests (8 at a time): accuracy ${accuracy.toFixed(4)} measured through HTTP`);
    const mlflow = await post(`${base}/invocations`, { dataframe_split: { data: rows } });
    const batch = (mlflow as { predictions: { label: number }[] }).predictions.map((p) => p.label);
    say.show(`1 MLflow /invocations request with ${rows.length} rows: ${batch.filter((p, i) => p === predicted[i]).length} of ${rows.length} answers identical`);
    await server.sampler.flush();
    return { accuracy, requests: rows.length + 1 };
  } finally {
    await server.app.close();
    await server.host.close();
    await server.closeStores();
  }
}

async function holdout(file: string): Promise<{ rows: number[][]; labels: number[] }> {
  const table = parseCsv(await readFile(file, 'utf8'));
  const target = table.header.indexOf('target');
  const rows = table.rows.map((r) => r.filter((_, i) => i !== target).map(Number));
  return { rows, labels: table.rows.map((r) => Number(r[target])) };
}

async function scoreOneByOne(base: string, rows: readonly number[][]): Promise<number[]> {
  const labels = new Array<number>(rows.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < rows.length; i = next++) {
      const body = { id: `row-${i}`, inputs: [{ name: 'input', shape: [1, rows[i]!.length], datatype: 'FP32', data: rows[i] }] };
      const answer = (await post(`${base}/v2/models/breast-cancer/infer`, body)) as { outputs: { name: string; data: number[] }[] };
      labels[i] = answer.outputs.find((o) => o.name === 'label')!.data[0]!;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return labels;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
