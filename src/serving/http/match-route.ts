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
  const query = url.indexOf('?');
  const segments = (query < 0 ? url : url.slice(0, query)).split('/');
  if (segments[0] !== '') return undefined;
  for (const route of routes) {
    if (route.path.length !== segments.length - 1) continue;
    const params = paramsOf(route.path, segments);
    if (params) return { route, params };
  }
  return undefined;
}

function paramsOf(path: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < path.length; i++) {
    const want = path[i]!;
    const got = segments[i + 1]!;
    if (want.charCodeAt(0) !== 58 /* : */) {
      if (got !== want) return undefined;
      continue;
    }
    if (got === '') return undefined;
    const value = decodeSegment(got);
    if (value === undefined) return undefined;
    params[want.slice(1)] = value;
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
