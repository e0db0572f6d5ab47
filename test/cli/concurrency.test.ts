import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, Model, ModelVersion } from '../../src/contract/index.js';
import { cliJson, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { fixture } from '../helpers/fixtures.js';

// N `register` processes at once on a fresh database where the model does not exist yet: they race on running the
// migrations, on creating the model, on numbering versions, on the audit chain and on storing the same blob.

const WORKERS = 6;
const ROUNDS = 2;

describe.concurrent.each(DATABASE_KINDS)('concurrent register processes on %s', (kind) => {
  let db: TestDatabase;
  let home: string;
  let results: CliResult[][];

  beforeAll(async () => {
    db = await freshDatabase(kind);
    home = tempDir('mp-cli-race-');
    const worker = async (w: number): Promise<CliResult[]> => {
      const out: CliResult[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        out.push(await runCli(['register', 'race', fixture('iris-logreg.onnx'), '--tag', `worker=${w}`, '--tag', `round=${round}`, '--json'], { home, db: db.url, actor: `w${w}`, timeoutMs: 60_000 }));
      }
      return out;
    };
    results = await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w + 1)));
  });
  afterAll(async () => {
    await db.drop();
  });

  // SQLite and PostgreSQL run side by side; the steps of each run in order.
  describe.sequential('in order', () => {
    it('every process exits 0 and prints its version', () => {
      for (const r of results.flat()) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      // Each process registered its two versions one after the other, so its second number is the larger.
      for (const [first, second] of results) expect(first!.json<ModelVersion>().version).toBeLessThan(second!.json<ModelVersion>().version);
    });

    it('versions are exactly 1..12: no gaps, no duplicates, none lost; the model exists once', async () => {
      const [versions, models] = await Promise.all([cliJson<ModelVersion[]>(['versions', 'list', 'race'], { home, db: db.url }), cliJson<Model[]>(['models', 'list'], { home, db: db.url })]);
      const n = WORKERS * ROUNDS;
      expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      const printed = results.flat().map((r) => r.json<ModelVersion>().version).sort((a, b) => a - b);
      expect(printed).toEqual(versions.map((v) => v.version).sort((a, b) => a - b));
      const registered = versions.map((v) => `${v.tags['worker']}/${v.tags['round']}`).sort();
      expect(registered).toEqual(Array.from({ length: WORKERS }, (_, w) => [`${w + 1}/1`, `${w + 1}/2`]).flat().sort());
      expect(models.map((m) => [m.name, m.latestVersion])).toEqual([['race', n]]);
    });

    it('the audit chain is intact with exactly 1 model.create and 12 version.register events', async () => {
      const [events, verify] = await Promise.all([
        cliJson<AuditEvent[]>(['audit', 'list', '--limit', '1000'], { home, db: db.url }),
        runCli(['audit', 'verify', '--json'], { home, db: db.url }),
      ]);
      expect(events.map((e) => e.action).sort()).toEqual(['model.create', ...Array<string>(WORKERS * ROUNDS).fill('version.register')].sort());
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(verify.code).toBe(0);
      expect(verify.json()).toEqual({ ok: true, events: WORKERS * ROUNDS + 1, head: events.at(-1)!.hash });
    });
  });
});
