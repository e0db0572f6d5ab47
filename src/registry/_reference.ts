import { readFile } from 'node:fs/promises';
import type { ReferenceProfile, Signature } from '../contract/index.js';
import { CsvSyntaxError, mpError, parseCsv } from '../core/index.js';
import { buildProfile } from './profile/index.js';

/** Reads a reference CSV and profiles it. */
export async function profileCsv(file: string, target: string | undefined, featureNames: readonly string[] | undefined): Promise<ReferenceProfile> {
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw (e as { code?: string }).code === 'ENOENT' ? mpError('MP_FILE_NOT_FOUND', file) : e;
  });
  try {
    const table = parseCsv(text);
    return buildProfile(table, { source: file, ...(target ? { target } : {}), ...(featureNames ? { featureNames } : {}) });
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw mpError('MP_CSV_INVALID', file, e.message);
    throw e;
  }
}

/**
 * How many feature columns the model takes: the width of a single 2-D input, else one column per input.
 * Undefined when the signature does not say (a free width).
 */
export function featureColumns(signature: Signature): number | undefined {
  const only = signature.inputs.length === 1 ? signature.inputs[0] : undefined;
  if (!only) return signature.inputs.length;
  const width = only.shape.length === 2 ? only.shape[1] : only.shape.length === 1 ? 1 : undefined;
  return typeof width === 'number' ? width : undefined;
}

/** Refuses feature names whose count does not fit the model's inputs. */
export function checkFeatureNames(signature: Signature, names: readonly string[] | undefined): void {
  const columns = featureColumns(signature);
  if (names && columns !== undefined && names.length !== columns) {
    throw mpError('MP_REGISTRY_FEATURES_MISMATCH', columns, names.length);
  }
}
