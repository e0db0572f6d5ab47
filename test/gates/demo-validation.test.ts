import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRegistry, resolveConfig } from '../../src/app/index.js';
import { registryDemo } from '../../src/app/demo/registry-demo.js';
import { validationDemo } from '../../src/app/demo/validation-demo.js';
import { tempDir } from '../helpers/cli.js';

describe('the validation step of `npm run demo`', () => {
  it('validates @champion and a weak version, and the failed gates keep the weak one from @champion', async () => {
    const home = tempDir('mp-demo-gates-');
    const config = resolveConfig({ home, db: join(home, 'modelpilot.db'), actor: 'demo-test' }, {});
    const lines: string[] = [];
    const say = { step: (t: string) => lines.push(`▶ ${t}`), show: (t: string) => lines.push(t), table: (_h: readonly string[], rows: readonly (readonly unknown[])[]) => lines.push(...rows.map((r) => r.join(' | '))) };
    const opened = await openRegistry(config);
    await registryDemo(opened.registry, say).finally(() => opened.close());

    const { good, bad, refusal } = await validationDemo(config, say);
    expect(good).toMatchObject({ uri: 'models:/breast-cancer/1', failed: 0, errors: 0 });
    expect(bad).toMatchObject({ uri: 'models:/breast-cancer/4', outcome: 'Fail' });
    expect(bad.results.filter((r) => r.outcome === 'Fail').map((r) => r.gate)).toEqual(['evaluation', 'no-regression', 'bias']);
    expect(refusal).toContain('models:/breast-cancer/4 failed its latest validation');
    expect(lines).toContain(`refused: MP_REGISTRY_VALIDATION_FAILED ${refusal}`);
    expect(lines.some((l) => l.startsWith('bias | Pass | Fail | equalizedOddsDifference'))).toBe(true);

    const after = await openRegistry(config);
    try {
      expect((await after.registry.getModel('breast-cancer')).aliases['champion']).toBe(1);
      expect((await after.registry.verifyAudit()).ok).toBe(true);
    } finally {
      await after.close();
    }
  });
});
