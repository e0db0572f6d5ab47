import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GatePolicy, type ValidationRun, type ValidationSuite } from '../contract/index.js';
import { mpError, parseModelUri } from '../core/index.js';
import { renderHtml, renderJunit, validateVersion } from '../gates/index.js';
import type { Config } from './config.js';
import { openRegistry } from './open-registry.js';
import { readSpecFile } from './read-spec-file.js';

/** `modelpilot validate` / `modelpilot test`, as flags give them. */
export interface ValidateRequest {
  readonly uri: string;
  readonly suite: ValidationSuite;
  readonly policyFile?: string | undefined;
  readonly data?: string | undefined;
  readonly target?: string | undefined;
  /** `test --service URL`: the running server to test; `endpoint` defaults to the model's name. */
  readonly service?: string | undefined;
  readonly endpoint?: string | undefined;
  /** `test --attribute COL`: report fairness for this column (judged only with the policy's bias limits). */
  readonly attribute?: string | undefined;
  readonly junit?: string | undefined;
  readonly html?: string | undefined;
}

export interface ValidateResult {
  readonly run: ValidationRun;
  /** Report files written. */
  readonly reports: readonly string[];
}

/**
 * Reads the policy file, validates the version through the gates, stores the run, writes the reports asked for.
 * @example const { run } = await validateModel(config, { uri: 'fraud/3', suite: 'validate', data: 'holdout.csv', target: 'label' });
 */
export async function validateModel(config: Config, request: ValidateRequest): Promise<ValidateResult> {
  const policy = await policyOf(request);
  const opened = await openRegistry(config);
  try {
    const run = await validateVersion(
      {
        uri: request.uri,
        suite: request.suite,
        ...(policy ? { policy } : {}),
        ...(request.data ? { data: { path: request.data, target: targetOf(request, policy) } } : {}),
        ...(request.service ? { service: { url: request.service, endpoint: request.endpoint ?? parseModelUri(request.uri).name } } : {}),
      },
      opened,
    );
    return { run, reports: await writeReports(run, request) };
  } finally {
    await opened.close();
  }
}

async function policyOf(request: ValidateRequest): Promise<GatePolicy | undefined> {
  let policy = request.policyFile ? await readSpecFile(request.policyFile, GatePolicy) : undefined;
  // A policy's data path is relative to the policy file, as users expect of a file next to their data.
  if (policy?.data && request.policyFile) policy = { ...policy, data: { ...policy.data, path: resolve(dirname(request.policyFile), policy.data.path) } };
  if (request.attribute && !policy?.bias) policy = { ...policy, bias: { attribute: request.attribute, metric: 'equalizedOddsDifference' } };
  return policy;
}

function targetOf(request: ValidateRequest, policy: GatePolicy | undefined): string {
  const target = request.target ?? policy?.data?.target;
  if (!target) throw mpError('MP_USAGE', '--data needs --target COL (the label column), or a policy with data: { path, target }');
  return target;
}

async function writeReports(run: ValidationRun, request: ValidateRequest): Promise<string[]> {
  const written: string[] = [];
  if (request.junit) {
    await writeFile(request.junit, renderJunit(run));
    written.push(request.junit);
  }
  if (request.html) {
    await writeFile(request.html, renderHtml(run));
    written.push(request.html);
  }
  return written;
}
