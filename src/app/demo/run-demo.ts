import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { openRegistry } from '../open-registry.js';
import { FIXTURES_DIR, registryDemo, type DemoNarrator } from './registry-demo.js';
import { liveDemo } from './live-demo.js';
import { validationDemo } from './validation-demo.js';

export interface DemoOutput extends DemoNarrator {
  table(head: readonly string[], rows: readonly (readonly unknown[])[]): void;
}

export interface DemoResult {
  readonly home: string;
  readonly champion: string;
  readonly challenger: string;
  readonly auditEvents: number;
  /** Holdout accuracy of @champion measured through HTTP. */
  readonly servedAccuracy: number;
  /** Requests sent during the two canaries, and how many failed. */
  readonly rolloutRequests: number;
  readonly failedRequests: number;
  /** Windows closed in the monitoring part, whether the drift alert fired, notifications the webhook got. */
  readonly monitoring: { readonly windows: number; readonly fired: boolean; readonly notified: number };
}

/**
 * Runs the tour in a fresh home under the OS temp folder (never the user's own home), on SQLite.
 * @example await runDemo(resolveConfig({}), narrator)
 */
export async function runDemo(config: Config, say: DemoOutput): Promise<DemoResult> {
  const home = await mkdtemp(join(tmpdir(), 'modelpilot-demo-'));
  say.step(`fresh home ${home} (SQLite + local artifacts, nothing else to run)`);
  const demoConfig: Config = Object.freeze({ ...config, home, db: join(home, 'modelpilot.db'), artifactsDir: join(home, 'artifacts') });
  const made = await withRegistry(demoConfig, async (registry) => {
    const uris = await registryDemo(registry, say);
    say.step('catalog: every version with its governance fields');
    const rows = await registry.catalog();
    say.table(['model', 'v', 'stage', 'aliases', 'accuracy', 'approvals', 'compliance'], rows.map((r) => [r.model, r.version, r.stage, r.aliases, r.metrics['accuracy'] ?? null, `${r.approvals}/${r.approvalsRequired}`, r.complianceLevel]));
    return uris;
  });
  await validationDemo(demoConfig, say);
  const live = await liveDemo(demoConfig, `${FIXTURES_DIR}breast-cancer-holdout.csv`, made, say);
  const audit = await withRegistry(demoConfig, async (registry) => {
    const model = await registry.getModel('breast-cancer');
    say.show(`aliases now: ${Object.entries(model.aliases).map(([a, v]) => `@${a} → v${v}`).join(', ')}; v2 tags: ${JSON.stringify((await registry.getVersion(made.challenger)).tags)}`);
    say.step('verify the audit trail (hash-chained, append-only): every change above, deploys included');
    const result = await registry.verifyAudit();
    if (!result.ok) throw new Error(`audit chain broken at ${result.brokenAt}: ${result.reason}`);
    say.show(`intact: ${result.events} events, head ${result.head.slice(0, 16)}…`);
    return result;
  });
  return { home, ...made, auditEvents: audit.events, servedAccuracy: live.accuracy, rolloutRequests: live.requests, failedRequests: live.failed, monitoring: live.monitored };
}

async function withRegistry<T>(config: Config, fn: (registry: Awaited<ReturnType<typeof openRegistry>>['registry']) => Promise<T>): Promise<T> {
  const { registry, close } = await openRegistry(config);
  try {
    return await fn(registry);
  } finally {
    await close();
  }
}
