import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, DEFAULT_SERVE_OPTIONS, openRegistry, resolveConfig, validateModel, type Server } from '../../src/app/index.js';
import { fixture } from '../helpers/fixtures.js';

// A deploy that puts a version into production refuses one whose latest validation failed, unless forced (audited).
describe('production deploys respect the latest validation', () => {
  const config = resolveConfig({ home: mkdtempSync(join(tmpdir(), 'mp-guard-')), actor: 'tester' }, {});
  let server: Server;

  beforeAll(async () => {
    const { registry, close } = await openRegistry(config);
    const reference = { file: fixture('breast-cancer-train.csv'), target: 'target' };
    await registry.register({ name: 'bc', file: fixture('breast-cancer-logreg.onnx'), reference });
    await registry.register({ name: 'bc', file: fixture('gates/breast-cancer-weak.onnx'), reference });
    await registry.register({ name: 'bc', file: fixture('breast-cancer-logreg-c11.onnx'), reference });
    await registry.setStage('bc/1', 'Production');
    await close();
    const policyFile = join(config.home, 'gates.yaml');
    writeFileSync(policyFile, 'evaluate: { accuracy: ">= 0.95" }\n');
    const policy = { data: fixture('breast-cancer-holdout.csv'), target: 'target', suite: 'validate' as const, policyFile };
    expect((await validateModel(config, { uri: 'bc/2', ...policy })).run.outcome).toBe('Fail');
    server = await buildServer(config, { ...DEFAULT_SERVE_OPTIONS, port: 0 }, 'test');
    await server.endpoints.deploy('bc', 'bc/1', 'tester');
  });
  afterAll(async () => {
    if (!server) return;
    server.rollouts.stop();
    await server.app.close();
    await server.host.close();
    await server.closeStores();
  });

  it('refuses a rollout and an immediate deploy of the failed version to the production endpoint', async () => {
    await expect(server.rollouts.start({ model: 'bc/2', strategy: 'canary' }, 'tester')).rejects.toMatchObject({ code: 'MP_REGISTRY_VALIDATION_FAILED' });
    await expect(server.endpoints.deploy('bc', 'bc/2', 'tester')).rejects.toMatchObject({ code: 'MP_REGISTRY_VALIDATION_FAILED' });
    expect((await server.endpoints.get('bc')).plan.versions.map((v) => v.version)).toEqual([1]);
  });

  it('lets a version never validated through, and a forced one with the override audited', async () => {
    const started = await server.rollouts.start({ model: 'bc/2', strategy: 'canary', force: true }, 'tester');
    expect(started.phase).toBe('Progressing');
    await server.rollouts.signal('bc', { type: 'abort', actor: 'tester' });
    const { registry, close } = await openRegistry(config);
    const start = (await registry.listAudit({ action: 'rollout.start' })).at(-1)!;
    await close();
    expect(start.details).toMatchObject({ forced: true, validation: { outcome: 'Fail' } });
    expect((await server.rollouts.start({ model: 'bc/3', strategy: 'canary' }, 'tester')).phase).toBe('Progressing');
  });
});
