import type { Command } from 'commander';
import type { EndpointView } from '../../contract/index.js';
import { createApiClient } from '../http-client.js';
import { table } from '../output.js';
import { withConfig } from '../run.js';

/** `endpoints list` and `traffic <endpoint>`. */
export function endpointCommands(program: Command): void {
  const endpoints = program.command('endpoints').description('endpoints of the running server');
  endpoints.command('list').description('list endpoints and what serves them').action((_flags: unknown, cmd: Command) =>
    withConfig(cmd, async (config, out) => {
      const list = await createApiClient(config.server, config.actor).request<EndpointView[]>('GET', '/api/v1/endpoints');
      out.result(list, () => table(['endpoint', 'state', 'versions', 'revision', 'updated'], list.map((e) => [e.name, e.state, served(e), e.plan.revision, e.updatedAt])));
    }),
  );
  program
    .command('traffic <endpoint>')
    .description("show an endpoint's serving plan: versions, roles, weights, mirroring")
    .action((endpoint: string, _flags: unknown, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const view = await createApiClient(config.server, config.actor).request<EndpointView>('GET', `/api/v1/endpoints/${encodeURIComponent(endpoint)}`);
        out.result(view, () =>
          [
            `endpoint ${view.name} (${view.state}, revision ${view.plan.revision}, mirror ${view.plan.mirrorPercent}%${view.plan.stickyKey ? `, sticky ${view.plan.stickyKey}` : ''})`,
            table(['version', 'role', 'weight', 'in flight'], view.plan.versions.map((v) => [`models:/${v.model}/${v.version}`, v.role, `${v.weight}%`, view.served.find((s) => s.version === v.version)?.inflight ?? '-'])),
          ].join('\n'),
        );
      }),
    );
}

function served(view: EndpointView): string {
  return view.plan.versions.map((v) => `models:/${v.model}/${v.version}${v.role === 'stable' && v.weight === 100 ? '' : ` ${v.role} ${v.weight}%`}`).join(', ');
}
