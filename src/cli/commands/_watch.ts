import type { RolloutSnapshot } from '../../contract/index.js';
import type { Output } from '../output.js';
import { exitCodeOf, progressLine } from './_rollout-view.js';

/**
 * Follows a rollout over the server's event stream until it ends, redrawing one progress line on a terminal (a
 * line per change otherwise). Resolves with the exit code: 0 when it succeeds, 1 when it is rolled back,
 * aborted or fails.
 */
export async function watchRollout(server: string, endpoint: string, current: () => Promise<RolloutSnapshot>, out: Output): Promise<number> {
  const stream = await fetch(new URL(`/api/v1/events?endpoint=${encodeURIComponent(endpoint)}`, server));
  const render = lineRenderer(out);
  let state = await current();
  render(state);
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (exitCodeOf(state) === undefined) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const events = buffer.split('\n\n');
    buffer = events.pop() ?? '';
    for (const e of events) {
      const data = e.split('\n').find((l) => l.startsWith('data: '));
      if (data) render((state = JSON.parse(data.slice(6)) as RolloutSnapshot));
    }
  }
  await reader.cancel().catch(() => undefined);
  if (exitCodeOf(state) === undefined) state = await current();
  render.done();
  out.result(state, () => `${state.phase}: ${state.message}`);
  return exitCodeOf(state) ?? 1;
}

function lineRenderer(out: Output): ((s: RolloutSnapshot) => void) & { done(): void } {
  const tty = Boolean((process.stdout as { isTTY?: boolean }).isTTY) && !out.json;
  let last = '';
  const render = (s: RolloutSnapshot): void => {
    const line = progressLine(s);
    if (line === last) return;
    last = line;
    if (tty) process.stdout.write(`\r\x1b[2K${line}`);
    else out.note(line);
  };
  return Object.assign(render, { done: () => tty && process.stdout.write('\n') });
}
