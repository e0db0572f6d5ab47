import type { Command } from 'commander';
import { parseKeyValues, parseNumericKeyValues } from '../../core/index.js';
import { collect, withRegistry } from '../run.js';
import { showVersion } from './versions.js';

interface RegisterFlags {
  metric: string[];
  param: string[];
  tag: string[];
  lineage: string[];
  description?: string;
  featureNames?: string;
  reference?: string;
  target?: string;
}

/** `register <name> <model.onnx>`: a new immutable version (creates the model if it does not exist yet). */
export function registerCommand(program: Command): void {
  program
    .command('register <name> <file>')
    .description('register an ONNX file as the next version of a model (the model is created if needed)')
    .option('--metric <k=v>', 'a metric measured in training, e.g. accuracy=0.97 (repeatable)', collect, [])
    .option('--param <k=v>', 'a training parameter (repeatable)', collect, [])
    .option('--tag <k=v>', 'a tag (repeatable)', collect, [])
    .option('--lineage <k=v>', 'where it came from: data_sources, dataset_version, preprocessing, framework, framework_version, training_duration, compute, git_commit, run_id, or any key (repeatable)', collect, [])
    .option('--description <text>', 'what changed in this version')
    .option('--feature-names <a,b,c>', 'input column names, comma-separated (default: the reference CSV header)')
    .option('--reference <data.csv>', 'training/reference data to profile for drift and warm-up')
    .option('--target <column>', 'the label column of the reference CSV')
    .action((name: string, file: string, flags: RegisterFlags, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const version = await registry.register({
          name,
          file,
          metrics: parseNumericKeyValues(flags.metric),
          params: parseKeyValues(flags.param),
          tags: parseKeyValues(flags.tag),
          lineage: parseKeyValues(flags.lineage),
          ...(flags.description !== undefined ? { description: flags.description } : {}),
          ...(flags.featureNames ? { featureNames: flags.featureNames.split(',').map((s) => s.trim()) } : {}),
          ...(flags.reference ? { reference: { file: flags.reference, ...(flags.target ? { target: flags.target } : {}) } } : {}),
        });
        out.result(version, () => `registered ${version.uri}\n${showVersion(version)}`);
      }),
    );
}
