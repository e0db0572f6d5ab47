import { readFile } from 'node:fs/promises';
import { CsvSyntaxError, mpError, parseCsv } from '../../core/index.js';
import { holdoutFromTable, type Holdout, type HoldoutOptions } from './holdout.js';

/**
 * Reads a holdout CSV from disk (MP_FILE_NOT_FOUND, MP_CSV_INVALID, MP_GATES_DATA_INVALID name what is wrong).
 * @example const holdout = await readHoldout('holdout.csv', { target: 'target', featureNames: version.signature.featureNames });
 */
export async function readHoldout(path: string, options: Omit<HoldoutOptions, 'source'>): Promise<Holdout> {
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw (e as { code?: string }).code === 'ENOENT' ? mpError('MP_FILE_NOT_FOUND', path) : e;
  });
  try {
    return holdoutFromTable(parseCsv(text), { ...options, source: path });
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw mpError('MP_CSV_INVALID', path, e.message);
    throw e;
  }
}
