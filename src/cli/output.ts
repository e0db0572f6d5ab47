import Table from 'cli-table3';

/** The one output sink: JSON on stdout with --json, human text otherwise; errors as one line on stderr. */
export interface Output {
  readonly json: boolean;
  /** Prints a command's result: `data` as JSON, or the human rendering. */
  result(data: unknown, human: () => string): void;
  /** A progress or narration line (human mode only; stdout stays pure JSON with --json). */
  note(text: string): void;
  /** Text in a format the user asked for (CSV), written as is. */
  text(text: string): void;
  error(code: string, message: string): void;
}

export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  return {
    json,
    result(data, human) {
      stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    note(text) {
      if (!json) stdout.write(`${text}\n`);
    },
    text(text) {
      stdout.write(text);
    },
    error(code, message) {
      if (json) stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
      stderr.write(`error ${code}: ${message}\n`);
    },
  };
}

/**
 * A plain table; borders and colours only on a terminal.
 * @example table(['name', 'versions'], [['fraud', 3]])
 */
export function table(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const tty = Boolean((process.stdout as { isTTY?: boolean }).isTTY);
  const t = new Table({
    head: [...head],
    style: { head: tty ? ['cyan'] : [], border: tty ? ['grey'] : [], compact: !tty },
    ...(tty ? {} : { chars: PLAIN }),
  });
  for (const row of rows) t.push(row.map(cell));
  return t.toString();
}

const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, '');
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return String(value);
}

/** `key: value` lines, aligned. */
export function fields(pairs: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`).join('\n');
}

/** Human size: 1536 → '1.5 KiB'. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}
