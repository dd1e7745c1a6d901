/**
 * The id that ties one request's log lines (and a sync connection's, through its upgrade request)
 * together. A proxy or a client may send its own in `X-Request-Id` so its logs and ours share one;
 * it is taken only when it is short and made of safe characters, since it is copied into every log
 * line and a response header: anything else (a newline, a token-sized blob) gets a fresh id.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The incoming id when it is sane, otherwise a new UUID. */
export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && value !== null && SAFE_ID.test(value) ? value : randomUUID();
}
