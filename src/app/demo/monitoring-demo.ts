import { createServer, type Server as HttpServer } from 'node:http';
import type { AlertState, MonitorWindow } from '../../contract/index.js';
import { monitorView, resolveMonitorConfig, type ResolvedMonitorConfig } from '../../monitoring/index.js';
import type { Server } from '../server.js';
import type { DemoNarrator } from './registry-demo.js';
import { oipRow, post } from './serving-demo.js';

/** A webhook on loopback that keeps what it receives (the alert's destination in the tour). */
export interface DemoReceiver {
  readonly url: string;
  readonly received: unknown[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<DemoReceiver> {
  const received: unknown[] = [];
  const http: HttpServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as unknown);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => http.close(() => resolve())) };
}

/** Windows of 200 predicted rows; the alert fires when half the features drifted in 2 windows in a row. */
export function demoMonitorConfig(webhook: string): ResolvedMonitorConfig {
  return resolveMonitorConfig({
    window: { duration: '10m', rows: 200 },
    rules: [{ name: 'input-drift', metric: 'datasetDriftShare', op: '>=', threshold: 0.5, for: 2, severity: 'critical', description: 'half the features left the training distribution' }],
    notify: [{ url: webhook, format: 'json' }],
  });
}

/**
 * The monitoring part of the tour: held-out rows for two windows (no drift), then the same rows shifted by one
 * standard deviation per feature, until the drift alert fires and the webhook has it.
 */
export async function monitoringDemo(server: Server, base: string, rows: readonly number[][], receiver: DemoReceiver, say: DemoNarrator): Promise<{ windows: number; fired: boolean; notified: number }> {
  const endpoint = 'breast-cancer';
  say.step('production monitoring: held-out traffic for two windows of 200 rows, then the inputs drift by one standard deviation');
  const closedBefore = await closedCount(server, endpoint);
  await send(base, rows, 400);
  await waitFor(async () => (await closedCount(server, endpoint)) >= closedBefore + 2, 20_000);
  const shifted = shift(rows);
  let fired: AlertState | undefined;
  for (let round = 0; round < 10 && !fired; round++) {
    await send(base, shifted, 200);
    fired = await waitFor(async () => firing(server), 4_000);
  }
  const view = await monitorView(server.monitor.state, endpoint, 6);
  for (const w of [...(view.versions[0]?.windows ?? [])].reverse()) say.show(describe(w));
  if (fired) say.show(`alert ${fired.rule} ${fired.state} (${fired.severity}): ${fired.message}`);
  await waitFor(async () => receiver.received.length > 0, 10_000);
  const first = receiver.received[0] as { kind?: string; message?: string } | undefined;
  say.show(first ? `webhook received ${receiver.received.length} notification(s): ${first.kind} — ${first.message}` : 'the webhook received nothing');
  return { windows: view.versions[0]?.windows.length ?? 0, fired: fired !== undefined, notified: receiver.received.length };
}

function describe(w: MonitorWindow): string {
  const drift = w.drift ? `${w.drift.drifted} of ${w.drift.tested} features drifted (share ${w.drift.share.toFixed(2)})` : 'no drift verdict';
  return `window ${w.seq}: ${w.rows} rows, ${drift}`;
}

async function closedCount(server: Server, endpoint: string): Promise<number> {
  const view = await monitorView(server.monitor.state, endpoint, 1000);
  return view.versions.reduce((n, v) => n + v.windows.length, 0);
}

function firing(server: Server): AlertState | undefined {
  return [...server.monitor.state.alerts.values()].find((a) => a.state === 'firing');
}

/** Each feature moved up by its own standard deviation over the rows. */
function shift(rows: readonly number[][]): number[][] {
  const width = rows[0]?.length ?? 0;
  const std = Array.from({ length: width }, (_, j) => {
    const mean = rows.reduce((s, r) => s + r[j]!, 0) / rows.length;
    return Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / rows.length);
  });
  return rows.map((r) => r.map((v, j) => v + std[j]!));
}

/** `count` one-row requests, eight at a time, cycling through the rows. */
async function send(base: string, rows: readonly number[][], count: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) await post(`${base}/v2/models/breast-cancer/infer`, oipRow(rows[i % rows.length]!, `monitor-${i}`));
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
