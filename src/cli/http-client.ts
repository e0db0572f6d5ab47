import { ModelpilotError, mpError, type ErrorCode, ERRORS } from '../core/index.js';

/**
 * The typed client of the control-plane routes the deployment commands use. Errors come back as the server's
 * catalog error; a server that does not answer is MP_SERVER_UNREACHABLE.
 * @example await createApiClient('http://127.0.0.1:8080', 'ana').request('GET', '/api/v1/endpoints')
 */
export function createApiClient(server: string, actor: string) {
  return {
    async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
      let response: Response;
      try {
        response = await fetch(new URL(path, server), {
          method,
          headers: { 'x-modelpilot-actor': actor, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw mpError('MP_SERVER_UNREACHABLE', server, cause?.code ?? cause?.message ?? (e as Error).message);
      }
      const text = await response.text();
      const data = text ? (JSON.parse(text) as unknown) : undefined;
      if (!response.ok) throw toError(response.status, data);
      return data as T;
    },
  };
}

function toError(status: number, data: unknown): ModelpilotError {
  const { code, message } = (data ?? {}) as { code?: string; message?: string };
  if (code && code in ERRORS) return new ModelpilotError(code as ErrorCode, message ?? code);
  return mpError('MP_INTERNAL', `the server answered ${status}: ${JSON.stringify(data).slice(0, 200)}`);
}
