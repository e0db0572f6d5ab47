import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { hotCounter, hotHistogram } from './hot-metrics.js';

// Hot metrics must read on /metrics exactly as prom-client's own types fed the same updates.
const BUCKETS = [0.001, 0.01, 0.1, 1];
const VALUES = [0, 0.0005, 0.001, 0.0011, 0.01, 0.05, 0.1, 0.5, 1, 2, 1e9];

describe('hot metrics', () => {
  it('a histogram reads as prom-client Histogram fed the same observations (buckets, +Inf, sum, count)', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const hot = hotHistogram({ name: 'h_seconds', help: 'h', labelNames: ['endpoint', 'version'], buckets: BUCKETS, registry: ours });
    const ref = new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['endpoint', 'version'], buckets: BUCKETS, registers: [theirs] });
    const [a, b] = [hot.labels('bc', '1'), hot.labels('fraud "x"', '2')];
    for (const v of VALUES) {
      a.observe(v);
      ref.labels('bc', '1').observe(v);
    }
    b.observe(0.02);
    ref.labels('fraud "x"', '2').observe(0.02);
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('a counter reads as prom-client Counter; series are bound once and stay valid across labels() calls and a reset', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const hot = hotCounter({ name: 'c_total', help: 'c', labelNames: ['endpoint', 'status'], registry: ours });
    const ref = new Counter({ name: 'c_total', help: 'c', labelNames: ['endpoint', 'status'], registers: [theirs] });
    const ok = hot.labels('bc', '200');
    ok.inc();
    ok.inc(4);
    hot.labels('bc', '200').inc();
    hot.labels('bc', '400').inc(2);
    ref.labels('bc', '200').inc(6);
    ref.labels('bc', '400').inc(2);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    ours.resetMetrics();
    ok.inc();
    expect(await ours.metrics()).toContain('c_total{endpoint="bc",status="200"} 1\nc_total{endpoint="bc",status="400"} 0');
  });
});
