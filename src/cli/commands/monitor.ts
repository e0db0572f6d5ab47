import type { Command } from 'commander';
import type { MonitorView } from '../../contract/index.js';
import { createApiClient } from '../http-client.js';
import type { Output } from '../output.js';
import { numberIn, positiveInt, withConfig } from '../run.js';
import { showMonitor, watchFrame, type MonitorRenderOptions } from './_monitor-view.js';

interface MonitorFlags {
  watch?: boolean;
  windows?: string;
  interval: string;
}

/** Seconds between two redraws of `monitor --watch`. */
const DEFAULT_INTERVAL_S = '2';

/** `monitor <endpoint> [--watch] [--windows N] [--interval S]`. */
export function monitorCommand(program: Command): void {
  program
    .command('monitor <endpoint>')
    .description("an endpoint's live health per version: feature and prediction drift, label metrics, traffic, alerts")
    .option('--windows <n>', "how many of the latest closed windows to show (default: the server's)")
    .option('--watch', 'redraw every --interval seconds until Ctrl-C (with --json: one JSON document per line)')
    .option('--interval <seconds>', 'seconds between redraws with --watch', DEFAULT_INTERVAL_S)
    .action((endpoint: string, flags: MonitorFlags, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const query = flags.windows === undefined ? '' : `?windows=${positiveInt(flags.windows, '--windows')}`;
        const intervalMs = numberIn(flags.interval, '--interval', 0.1, 86_400, 'seconds from 0.1 to 86400, e.g. 5') * 1000;
        const api = createApiClient(config.server, config.actor);
        const load = () => api.request<MonitorView>('GET', `/api/v1/endpoints/${encodeURIComponent(endpoint)}/monitor${query}`);
        const opts = { tty: Boolean((process.stdout as { isTTY?: boolean }).isTTY) && !out.json };
        if (!flags.watch) {
          const view = await load();
          return out.result(view, () => showMonitor(view, opts));
        }
        const { createSystemClock } = await import('../../app/index.js');
        const clock = createSystemClock();
        await watch(load, out, opts, (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms)), intervalMs);
      }),
    );
}

/** Redraws until the process is interrupted; a failed fetch ends the watch with its error (exit 1). */
async function watch(load: () => Promise<MonitorView>, out: Output, opts: MonitorRenderOptions, sleep: (ms: number) => Promise<void>, intervalMs: number): Promise<never> {
  for (let first = true; ; first = false) {
    const view = await load();
    if (out.json) out.text(`${JSON.stringify(view)}\n`);
    else out.text(watchFrame(`${showMonitor(view, opts)}${opts.tty ? `\n\nevery ${intervalMs / 1000} s — Ctrl-C to stop` : ''}`, first, opts));
    await sleep(intervalMs);
  }
}

