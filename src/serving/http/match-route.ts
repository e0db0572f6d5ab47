/** A route and the parameters its path took from a URL. */
export interface Matched<R> {
  readonly route: R;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Finds the route whose path segments a URL's path has (query ignored; `:name` segments match any non-empty
 * segment and are percent-decoded). A segment that does not decode matches nothing.
 * @example matchRoute([{ path: ['v2', 'models', ':endpoint', 'infer'] }], '/v2/models/bc/infer?x=1')
 */
export function matchRoute<R extends { readonly path: readonly string[] }>(routes: readonly R[], url: string): Matched<R> | undefined {
  if (url.charCodeAt(0) !== 0x2f /* / */) return undefined;
  const query = url.indexOf('?');
  const end = query < 0 ? url.length : query;
  for (const route of routes) {
    const params = paramsOf(route.path, url, end);
    if (params) return { route, params };
  }
  return undefined;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/** Walks the URL's path segment by segment against `path` (no split, no allocation until a parameter matches). */
function paramsOf(path: readonly string[], url: string, end: number): Record<string, string> | undefined {
  let params: Record<string, string> | undefined;
  let at = 1;
  for (const want of path) {
    if (at > end) return undefined;
    let next = url.indexOf('/', at);
    if (next < 0 || next > end) next = end;
    if (want.charCodeAt(0) === 0x3a /* : */) {
      const value = next > at ? decodeSegment(url.slice(at, next)) : undefined;
      if (value === undefined) return undefined;
      (params ??= {})[want.slice(1)] = value;
    } else if (next - at !== want.length || !url.startsWith(want, at)) return undefined;
    at = next + 1;
  }
  return at === end + 1 ? (params ?? NO_PARAMS) : undefined;
}

function decodeSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
