/**
 * One JSON request to the server: bodies out, zod-checked answers in, every failure an ApiError.
 * Cookies go along (`same-origin`): the refresh token lives in an httpOnly cookie on /api/v1/auth.
 */
import type { z } from 'zod';
import { ApiError, NETWORK_MESSAGE } from './api-error.ts';
import { errorResponseSchema } from './schemas.ts';

export type RequestOptions = { method?: string; body?: unknown; token?: string | null };

async function readError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retry = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : null;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): fall through to the generic message.
  }
  const parsed = errorResponseSchema.safeParse(body);
  if (!parsed.success) {
    return new ApiError(response.status, 'internal', `The server answered ${response.status}.`, retry);
  }
  const { code, message, details } = parsed.data.error;
  const detail = details?.map((d) => d.message).join('; ');
  return new ApiError(response.status, code, detail ? `${message} (${detail})` : message, retry);
}

export async function requestJson<T>(
  path: string,
  schema: z.ZodType<T> | null,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', NETWORK_MESSAGE);
  }
  if (!response.ok) throw await readError(response);
  if (schema === null || response.status === 204) return undefined as T;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status, 'internal', 'The server sent an answer this app cannot read.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    console.error('unexpected answer', path, parsed.error);
    throw new ApiError(response.status, 'internal', 'The server sent an answer this app cannot read.');
  }
  return parsed.data;
}
