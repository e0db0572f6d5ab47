import type { Command } from 'commander';
import { withConfig } from '../run.js';

interface ServeFlags {
  host: string;
  port: string;
  endpoint?: string;
  sampleRate?: string;
  maxBatch?: string;
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
    .option('--monitor <file>', 'monitoring file (YAML/JSON): windows, drift limits, alert rules, webhooks')
    .action((uri: string | undefined, flags: ServeFlags, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const { runServer, readMonitorFile, DEFAULT_SERVE_OPTIONS } = await import('../../app/index.js');
        const options = {
          ...DEFAULT_SERVE_OPTIONS,
          host: flags.host,
          port: Number(flags.port),
          ...(flags.sampleRate !== undefined ? { sampleRate: Number(flags.sampleRate) } : {}),
          ...(flags.maxBatch !== undefined ? { maxBatchRows: Number(flags.maxBatch) } : {}),
          ...(flags.monitor !== undefined ? { monitor: await readMonitorFile(flags.monitor) } : {}),
        };
        await runServer(config, options, version, { uri, endpoint: flags.endpoint, say: (line) => out.note(line) });
      }),
    );
}
