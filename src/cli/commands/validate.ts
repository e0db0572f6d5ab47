import type { Command } from 'commander';
import type { ValidationSuite } from '../../contract/index.js';
import { withConfig } from '../run.js';
import { blocking, showRun } from './_validation-view.js';

interface ValidateFlags {
  policy?: string;
  data?: string;
  target?: string;
  junit?: string;
  html?: string;
  service?: string;
  endpoint?: string;
  attribute?: string;
}

/**
 * `validate <uri> [--policy gates.yaml] [--data holdout.csv --target COL] [--junit F] [--html F]` and
 * `test <uri> --data … [--service URL]`: run the gates, store the run with the version, exit 1 when a gate fails.
 */
export function validateCommands(program: Command): void {
  program
    .command('validate <uri>')
    .description('run the validation gates of a policy (or the defaults) on a version; exit 1 when a gate fails')
    .option('--policy <gates.yaml>', 'the gate policy (docs/policies.md); default: a sensible set')
    .option('--data <holdout.csv>', 'holdout data to evaluate on (overrides the policy\'s data.path)')
    .option('--target <column>', 'the label column of the holdout data')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--html <file>', 'also write a self-contained HTML report')
    .action((uri: string, flags: ValidateFlags, cmd: Command) => runSuite(cmd, uri, 'validate', flags));
  program
    .command('test <uri>')
    .description("the full model test suite: unit, performance, integration (against --service), security, bias, drift")
    .requiredOption('--data <holdout.csv>', 'holdout data')
    .option('--target <column>', 'the label column of the holdout data (default: the policy\'s)')
    .option('--service <url>', 'a running modelpilot server to test over HTTP, e.g. http://127.0.0.1:8080')
    .option('--endpoint <name>', 'the endpoint serving the version (default: the model name)')
    .option('--attribute <column>', 'a protected-attribute column to report fairness for')
    .option('--policy <gates.yaml>', 'the gate policy (docs/policies.md)')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--html <file>', 'also write a self-contained HTML report')
    .action((uri: string, flags: ValidateFlags, cmd: Command) => runSuite(cmd, uri, 'test', flags));
}

function runSuite(cmd: Command, uri: string, suite: ValidationSuite, flags: ValidateFlags): Promise<void> {
  return withConfig(cmd, async (config, out) => {
    const { validateModel } = await import('../../app/index.js');
    const { run, reports } = await validateModel(config, { uri, suite, policyFile: flags.policy, data: flags.data, target: flags.target, junit: flags.junit, html: flags.html, service: flags.service, endpoint: flags.endpoint, attribute: flags.attribute });
    const { summaryLine } = await import('../../contract/index.js');
    out.result(run, () => showRun(run, summaryLine(run), reports));
    const failed = blocking(run);
    if (failed.length === 0) return;
    // The run is printed either way (stdout stays one JSON document); the verdict goes to stderr with the exit code.
    const { mpError } = await import('../../core/index.js');
    const e = mpError('MP_VALIDATION_FAILED', run.uri, failed.length, run.total, failed.join(', '));
    process.stderr.write(`error ${e.code}: ${e.message}\n`);
    process.exitCode = 1;
  });
}
