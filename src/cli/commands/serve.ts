import type { Command } from 'commander';
import { numberIn, positiveInt, withConfig } from '../run.js';

interface ServeFlags {
  host: string;
  port: string;
  endpoint?: string;
  sampleRate?: string;
  maxBatch?: string;
  maxBatchWait?: string;
  monitor?: string;
}

/** `serve [uri] [--host] [--port]`: one process with the data plane and the control plane. */
export function serveCommand(program: Command, version: string): void {
  program
    .command('serve [uri]')
    .description('serve endpoints over HTTP (OIP v2, MLflow, /predict); with a model URI, serve it at once (endpoint = model name)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--endpoint <name>', 'endpoint name for the URI (default: the model name)')
    .option('--sample-rate <fraction>', 'fraction of requests sampled for monitoring (0-1)')
    .option('--max-batch <rows>', 'most rows merged into one inference run')
    .option('--max-batch-wait <ms>', 'longest a request waits for others to share its run when requests arrive densely (0 = never)')
    .option('--monitor <file>', 'monitoring file (YAML/JSON): windows, drift limits, alert rules, webhooks')
    .action((uri: string | undefined, flags: ServeFlags, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const { runServer, readMonitorFile, DEFAULT_SERVE_OPTIONS } = await import('../../app/index.js');
        const options = {
          ...DEFAULT_SERVE_OPTIONS,
          ...numericFlags(flags),
          host: flags.host,
          ...(flags.monitor !== undefined ? { monitor: await readMonitorFile(flags.monitor) } : {}),
        };
        await runServer(config, options, version, { uri, endpoint: flags.endpoint, say: (line) => out.note(line) });
      }),
    );
}

/** The numeric flags, checked: a usage error naming the flag and what it takes. */
function numericFlags(flags: ServeFlags) {
  return {
    port: numberIn(flags.port, '--port', 0, 65_535, 'a port from 0 to 65535', Number.isSafeInteger),
    ...(flags.sampleRate !== undefined ? { sampleRate: numberIn(flags.sampleRate, '--sample-rate', 0, 1, 'a fraction from 0 to 1, e.g. 0.02') } : {}),
    ...(flags.maxBatch !== undefined ? { maxBatchRows: positiveInt(flags.maxBatch, '--max-batch') } : {}),
    ...(flags.maxBatchWait !== undefined ? { maxBatchWaitMs: numberIn(flags.maxBatchWait, '--max-batch-wait', 0, 1000, 'milliseconds from 0 to 1000, e.g. 1') } : {}),
  };
}
