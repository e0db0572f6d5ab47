import type { VersionRef } from '../contract/index.js';
import { versionUri } from '../core/index.js';
import { versionSince, type Monitor } from '../monitoring/index.js';
import type { Registry } from '../registry/index.js';
import type { ArmSource, SmokeTester } from '../rollout/index.js';
import { PIN_HEADER, type ServingHost } from '../serving/index.js';

/** The judge's observations, read from this process's data plane. */
export function hostArmSource(host: ServingHost): ArmSource {
  return {
    window(endpoint, version, since) {
      const state = host.get(endpoint);
      const served = state && state !== 'loading' ? state.versions.get(version) : undefined;
      return served && { endpoint, version, ...served.recorder.window(since) };
    },
  };
}

/** The data plane's windows with what production monitoring saw of the same versions since the same time. */
export function monitoredArmSource(arms: ArmSource, monitor: Monitor): ArmSource {
  return {
    window(endpoint, version, since, monitored) {
      const w = arms.window(endpoint, version, since);
      const seen = w && monitored && versionSince(monitor.state, endpoint, version, since);
      return w && seen ? { ...w, monitored: seen } : w;
    },
  };
}

/**
 * A smoke test over real HTTP: the reference profile's sample rows (else a row of zeros) sent to this server's
 * /predict with the pin header, so the request takes the same path clients' requests will.
 */
export function httpSmokeTester(registry: Registry, baseUrl: () => string | undefined): SmokeTester {
  return {
    async check(endpoint: string, version: VersionRef) {
      const base = baseUrl();
      if (!base) return { ok: false, message: 'the server is not listening yet' };
      const uri = versionUri(version.model, version.version);
      const [profile, info] = await Promise.all([registry.getProfile(uri), registry.getVersion(uri)]);
      const width = info.signature.featureNames?.length ?? 1;
      const rows = profile?.sampleRows.length ? profile.sampleRows : [Array<number>(width).fill(0)];
      const response = await fetch(`${base}/api/v1/models/${encodeURIComponent(endpoint)}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PIN_HEADER]: String(version.version) },
        body: JSON.stringify({ instances: rows }),
      });
      const body = (await response.json().catch(() => ({}))) as { predictions?: unknown[]; error?: string; model_version?: number };
      if (!response.ok) return { ok: false, message: `HTTP ${response.status}: ${body.error ?? 'no answer'}` };
      if (body.model_version !== version.version || body.predictions?.length !== rows.length) return { ok: false, message: `answered by version ${body.model_version} with ${body.predictions?.length} predictions for ${rows.length} rows` };
      return { ok: true, message: `${rows.length} reference rows answered by ${uri}` };
    },
  };
}
