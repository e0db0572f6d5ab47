import { readFile } from 'node:fs/promises';
import { parseCsv } from '../../core/index.js';
import type { DemoNarrator } from './registry-demo.js';

/** The breast-cancer holdout: feature rows and labels. */
export async function readHoldout(file: string): Promise<{ rows: number[][]; labels: number[] }> {
  const table = parseCsv(await readFile(file, 'utf8'));
  const target = table.header.indexOf('target');
  const rows = table.rows.map((r) => r.filter((_, i) => i !== target).map(Number));
  return { rows, labels: table.rows.map((r) => Number(r[target])) };
}

/**
 * The serving part of the tour: the holdout scored through real HTTP, one OIP v2 request per row
 * (concurrently, so the batcher merges them), then once more as one MLflow call.
 */
export async function servingDemo(base: string, holdout: { rows: number[][]; labels: number[] }, say: DemoNarrator): Promise<{ accuracy: number }> {
  const { rows, labels } = holdout;
  const predicted = await scoreOneByOne(base, rows);
  const accuracy = predicted.filter((p, i) => p === labels[i]).length / rows.length;
  say.show(`${rows.length} OIP v2 requests (8 at a time): accuracy ${accuracy.toFixed(4)} measured through HTTP`);
  const mlflow = await post(`${base}/invocations`, { dataframe_split: { data: rows } });
  const batch = (mlflow as { predictions: { label: number }[] }).predictions.map((p) => p.label);
  say.show(`1 MLflow /invocations request with ${rows.length} rows: ${batch.filter((p, i) => p === predicted[i]).length} of ${rows.length} answers identical`);
  return { accuracy };
}

async function scoreOneByOne(base: string, rows: readonly number[][]): Promise<number[]> {
  const labels = new Array<number>(rows.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < rows.length; i = next++) {
      const answer = (await post(`${base}/v2/models/breast-cancer/infer`, oipRow(rows[i]!, `row-${i}`))) as { outputs: { name: string; data: number[] }[] };
      labels[i] = answer.outputs.find((o) => o.name === 'label')!.data[0]!;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return labels;
}

/** One OIP v2 request body for one row. */
export function oipRow(row: readonly number[], id: string): unknown {
  return { id, inputs: [{ name: 'input', shape: [1, row.length], datatype: 'FP32', data: row }] };
}

export async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
