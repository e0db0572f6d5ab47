import { Command } from 'commander';
import { aliasCommand } from './commands/alias.js';
import { approvalCommands } from './commands/approvals.js';
import { auditCommand } from './commands/audit.js';
import { catalogCommand } from './commands/catalog.js';
import { compareCommand } from './commands/compare.js';
import { demoCommand } from './commands/demo.js';
import { deployCommand } from './commands/deploy.js';
import { endpointCommands } from './commands/endpoints.js';
import { rollbackCommand } from './commands/rollback.js';
import { rolloutCommand } from './commands/rollout.js';
import { serveCommand } from './commands/serve.js';
import { lineageCommand } from './commands/lineage.js';
import { modelsCommand } from './commands/models.js';
import { monitorCommand } from './commands/monitor.js';
import { registerCommand } from './commands/register.js';
import { retentionCommand } from './commands/retention.js';
import { stageCommand } from './commands/stage.js';
import { validateCommands } from './commands/validate.js';
import { versionsCommand } from './commands/versions.js';

/** The `modelpilot` command tree with its global flags. */
export function createProgram(version: string): Command {
  const program = new Command('modelpilot')
    .description('take trained models from a registry to production safely and fast, and keep watching them there')
    .version(version)
    .option('--home <dir>', 'home folder for the embedded store and artifacts (env MODELPILOT_HOME, default ./.modelpilot)')
    .option('--db <url>', 'database: a SQLite file path or postgres://… (env MODELPILOT_DB, default <home>/modelpilot.db)')
    .option('--server <url>', 'control-plane address for deployment commands (env MODELPILOT_SERVER)')
    .option('--actor <who>', 'who is acting, for the audit trail (env MODELPILOT_ACTOR, default the OS user)')
    .option('--json', 'machine-readable JSON on stdout and nothing else there')
    .configureOutput({ outputError: (text, write) => write(`error MP_USAGE: ${text.replace(/^error: /, '').trimEnd()} — see modelpilot <command> --help\n`) })
    .exitOverride();
  for (const add of [modelsCommand, registerCommand, versionsCommand, aliasCommand, stageCommand, approvalCommands, compareCommand, lineageCommand, catalogCommand, retentionCommand, auditCommand, validateCommands, deployCommand, rolloutCommand, rollbackCommand, endpointCommands, monitorCommand, demoCommand]) {
    add(program);
  }
  serveCommand(program, version);
  return program;
}
