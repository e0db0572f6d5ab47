import type { Command } from 'commander';
import type { GovernancePolicy, Model } from '../../contract/index.js';
import { mpError, parseKeyValues } from '../../core/index.js';
import { fields, table } from '../output.js';
import { collect, withRegistry } from '../run.js';

interface ModelFlags {
  description?: string;
  tag: string[];
  policy?: string;
  approvals?: string;
  primaryMetric?: string;
  compliance?: string;
  classification?: string;
  retentionDays?: string;
}

/** `models create|list|show|update`. */
export function modelsCommand(program: Command): void {
  const models = program.command('models').description('create, list, show and update models (named families of versions)');
  withModelFlags(models.command('create <name>').description('create a model with its description, tags and governance policy'))
    .action((name: string, flags: ModelFlags, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const model = await registry.createModel({ name, ...(await modelInput(flags)) });
        out.result(model, () => `created model ${model.name}\n${showModel(model)}`);
      }),
    );
  withModelFlags(models.command('update <name>').description('change description, tags (k= removes one) or policy'))
    .action((name: string, flags: ModelFlags, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const model = await registry.updateModel(name, await modelInput(flags));
        out.result(model, () => `updated model ${model.name}\n${showModel(model)}`);
      }),
    );
  models.command('list').description('list models').action((_flags: unknown, cmd: Command) =>
    withRegistry(cmd, async ({ registry, out }) => {
      const list = await registry.listModels();
      out.result(list, () => table(['name', 'versions', 'aliases', 'description'], list.map((m) => [m.name, m.latestVersion, m.aliases, m.description])));
    }),
  );
  models.command('show <name>').description('show a model, its policy and aliases').action((name: string, _flags: unknown, cmd: Command) =>
    withRegistry(cmd, async ({ registry, out }) => {
      const model = await registry.getModel(name);
      out.result(model, () => showModel(model));
    }),
  );
}

function withModelFlags(cmd: Command): Command {
  return cmd
    .option('--description <text>', 'what the model does')
    .option('--tag <k=v>', 'a tag (repeatable)', collect, [])
    .option('--policy <file>', 'governance policy file (YAML or JSON): approvalsRequired, complianceLevel, dataClassification, retentionDays, primaryMetric, primaryMetricGoal')
    .option('--approvals <n>', 'approvals required before Production or @champion')
    .option('--primary-metric <name>', 'metric that decides comparisons')
    .option('--compliance <level>', 'compliance level')
    .option('--classification <class>', 'data classification')
    .option('--retention-days <n>', 'default maximum age of versions for retention');
}

async function modelInput(flags: ModelFlags): Promise<{ description?: string; tags: Record<string, string>; policy: GovernancePolicy }> {
  const [{ readSpecFile }, { GovernancePolicy, checkValue }] = await Promise.all([import('../../app/index.js'), import('../../contract/index.js')]);
  const fromFile = flags.policy ? await readSpecFile(flags.policy, GovernancePolicy) : {};
  const checked = checkValue(GovernancePolicy, { ...fromFile, ...policyFlags(flags) });
  if (!checked.ok) throw mpError('MP_POLICY_INVALID', 'the policy given by flags (--approvals, --retention-days …)', checked.problems.join('; '));
  return { ...(flags.description !== undefined ? { description: flags.description } : {}), tags: parseKeyValues(flags.tag), policy: checked.value };
}

function policyFlags(flags: ModelFlags): GovernancePolicy {
  return {
    ...(flags.approvals !== undefined ? { approvalsRequired: Number(flags.approvals) } : {}),
    ...(flags.primaryMetric !== undefined ? { primaryMetric: flags.primaryMetric } : {}),
    ...(flags.compliance !== undefined ? { complianceLevel: flags.compliance } : {}),
    ...(flags.classification !== undefined ? { dataClassification: flags.classification } : {}),
    ...(flags.retentionDays !== undefined ? { retentionDays: Number(flags.retentionDays) } : {}),
  };
}

export function showModel(m: Model): string {
  return fields([
    ['name', m.name],
    ['description', m.description || '-'],
    ['tags', m.tags],
    ['policy', m.policy],
    ['latest version', m.latestVersion],
    ['aliases', Object.entries(m.aliases).map(([a, v]) => `@${a}→${v}`)],
    ['created', `${m.createdAt} by ${m.createdBy}`],
  ]);
}
