import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { openRegistry } from '../open-registry.js';
import { registryDemo, type DemoNarrator } from './registry-demo.js';

export interface DemoOutput extends DemoNarrator {
  table(head: readonly string[], rows: readonly (readonly unknown[])[]): void;
}

export interface DemoResult {
  readonly home: string;
  readonly champion: string;
  readonly challenger: string;
  readonly auditEvents: number;
}

/**
 * Runs the tour in a fresh home under the OS temp folder (never the user's own home), on SQLite.
 * @example await runDemo(resolveConfig({}), narrator)
 */
export async function runDemo(config: Config, say: DemoOutput): Promise<DemoResult> {
  const home = await mkdtemp(join(tmpdir(), 'modelpilot-demo-'));
  say.step(`fresh home ${home} (SQLite + local artifacts, nothing else to run)`);
  const demoConfig: Config = Object.freeze({ ...config, home, db: join(home, 'modelpilot.db'), artifactsDir: join(home, 'artifacts') });
  const { registry, close } = await openRegistry(demoConfig);
  try {
    const made = await registryDemo(registry, say);
    say.step('catalog: every version with its governance fields');
    const rows = await registry.catalog();
    say.table(['model', 'v', 'stage', 'aliases', 'accuracy', 'approvals', 'compliance'], rows.map((r) => [r.model, r.version, r.stage, r.aliases, r.metrics['accuracy'] ?? null, `${r.approvals}/${r.approvalsRequired}`, r.complianceLevel]));
    say.step('verify the audit trail (hash-chained, append-only)');
    const audit = await registry.verifyAudit();
    if (!audit.ok) throw new Error(`audit chain broken at ${audit.brokenAt}: ${audit.reason}`);
    say.show(`intact: ${audit.events} events, head ${audit.head.slice(0, 16)}…`);
    return { home, ...made, auditEvents: audit.events };
  } finally {
    await close();
  }
}
