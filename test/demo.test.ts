import { describe, expect, it } from 'vitest';
import { resolveConfig, runDemo } from '../src/app/index.js';
import { expected } from './helpers/fixtures.js';

describe('npm run demo', () => {
  it('registers, governs, serves @champion over HTTP at sklearn accuracy, and keeps an intact audit trail', async () => {
    const lines: string[] = [];
    const say = { step: (t: string) => lines.push(`▶ ${t}`), show: (t: string) => lines.push(t), table: () => undefined };
    const result = await runDemo(resolveConfig({ actor: 'demo-test' }, {}), say);
    expect(result.champion).toBe('models:/breast-cancer/1');
    expect(result.servedAccuracy).toBeCloseTo(expected['breast-cancer-logreg.onnx']!.accuracy!, 10);
    expect(result.auditEvents).toBeGreaterThanOrEqual(10);
    expect(lines.some((l) => l.startsWith('refused: MP_REGISTRY_NOT_APPROVED'))).toBe(true);
    expect(lines).toContain('1 MLflow /invocations request with 143 rows: 143 of 143 answers identical');
    expect(lines.filter((l) => /^(Succeeded|RolledBack):/.test(l)).map((l) => l.split(':')[0]), lines.filter((l) => l.startsWith('analysis:')).join('\n')).toEqual(['Succeeded', 'RolledBack']);
    expect(result.rolloutRequests).toBeGreaterThan(500);
    expect(result.failedRequests).toBe(0);
    // Inputs drifting halfway through the monitoring part fire the drift alert, and the demo's webhook gets it.
    expect(result.monitoring).toMatchObject({ fired: true });
    expect(result.monitoring.notified).toBeGreaterThanOrEqual(1);
    expect(lines.some((l) => /^alert input-drift firing \(critical\): datasetDriftShare = /.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('webhook received') && l.includes('alert.firing'))).toBe(true);
    expect(lines.some((l) => l.startsWith('aliases now:') && l.includes('@champion → v3') && l.includes('"rollout":"failed"'))).toBe(true);
  });
});
