import { setFlagsFromString } from 'node:v8';

/**
 * How far the old generation may grow past what the last full collection kept before the next one starts, in
 * percent of that. V8 picks this factor itself, up to 4× when its heap ceiling is large (as on a machine with a few
 * GiB of memory): a server whose live heap is 30 MB then carries some 60 MB of garbage into its first full collection
 * under load, and its resident memory shows it. 2× keeps that to about the live size. Lower is not better: the
 * 64-row binary requests' buffers then start a full collection every 100 ms or so.
 */
const HEAP_GROWING_PERCENT = 100;

/**
 * Keeps a long-running server's heap within about twice its live size. V8 reads the flag each time it sets the next
 * full collection's threshold, so it takes effect from the next collection on, in a process that is already running.
 */
export function keepHeapNearLive(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
