import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { checkValue, type Static, type TSchema } from '../contract/index.js';
import { mpError } from '../core/index.js';

/**
 * Reads a file users write (YAML or JSON) and checks it against its schema; MP_POLICY_INVALID names the problems.
 * @example const policy = await readSpecFile('retention.yaml', RetentionPolicy);
 */
export async function readSpecFile<S extends TSchema>(path: string, schema: S, overrides: Readonly<Record<string, unknown>> = {}): Promise<Static<S>> {
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw (e as { code?: string }).code === 'ENOENT' ? mpError('MP_FILE_NOT_FOUND', path) : e;
  });
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw mpError('MP_POLICY_INVALID', `file ${path}`, `not YAML or JSON (${((e as Error).message ?? '').split('\n')[0]})`);
  }
  // Flags given on the command line win over the file, and the result is checked as a whole.
  const merged = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value, ...overrides } : (value ?? overrides);
  const result = checkValue(schema, merged);
  if (!result.ok) throw mpError('MP_POLICY_INVALID', `file ${path}`, result.problems.join('; '));
  return result.value;
}
