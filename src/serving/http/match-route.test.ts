import { describe, expect, it } from 'vitest';
import { matchRoute } from './match-route.js';

const ROUTES = [
  { id: 'infer', path: ['v2', 'models', ':endpoint', 'infer'] },
  { id: 'pinned', path: ['v2', 'models', ':endpoint', 'versions', ':version', 'infer'] },
  { id: 'bare', path: ['invocations'] },
];
const match = (url: string) => {
  const m = matchRoute(ROUTES, url);
  return m && { id: m.route.id, params: m.params };
};

describe('matchRoute', () => {
  it('matches literal and parameter segments, ignoring the query', () => {
    expect(match('/v2/models/bc/infer')).toEqual({ id: 'infer', params: { endpoint: 'bc' } });
    expect(match('/v2/models/bc/versions/3/infer?x=1')).toEqual({ id: 'pinned', params: { endpoint: 'bc', version: '3' } });
    expect(match('/invocations')).toEqual({ id: 'bare', params: {} });
  });

  it('percent-decodes parameters; a segment that does not decode matches nothing', () => {
    expect(match('/v2/models/fraud%2Dv2/infer')).toEqual({ id: 'infer', params: { endpoint: 'fraud-v2' } });
    expect(match('/v2/models/%E0%A4%A/infer')).toBeUndefined();
  });

  it('needs every segment: no empty parameters, no trailing slash, no extra or missing segments, an absolute path', () => {
    for (const url of ['/v2/models//infer', '/v2/models/bc/infer/', '/v2/models/bc', '/v2/models/bc/infer/x', 'v2/models/bc/infer', '', '/', '/V2/models/bc/infer']) {
      expect(match(url), url).toBeUndefined();
    }
  });
});
