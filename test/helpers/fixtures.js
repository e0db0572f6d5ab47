import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/core/index.js';
/** Absolute path of a committed fixture. */
export const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
/** sklearn's numbers recorded beside each fixture model by scripts/make-fixtures.py. */
export const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8'));
/** A fixture CSV as float32 feature rows and numeric targets. */
export function loadXy(csvName) {
    const table = parseCsv(readFileSync(fixture(csvName), 'utf8'));
    const cols = table.header.length - 1;
    const x = new Float32Array(table.rows.length * cols);
    table.rows.forEach((row, r) => row.slice(0, cols).forEach((v, c) => (x[r * cols + c] = Number(v))));
    return { x, y: table.rows.map((row) => Number(row[cols])), rows: table.rows.length, cols, header: [...table.header] };
}
//# sourceMappingURL=fixtures.js.map