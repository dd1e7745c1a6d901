/**
 * The server's word that this person or address is sending too fast (server/src/protection/
 * sync-limits.ts): a stateless `{"type":"rate-limited","retryAfter":N}` just before it closes the
 * socket with 4429. Reconnecting at once, on the provider's short backoff, is refused again until
 * then; waiting N seconds is what the server asked. Nothing is lost meanwhile: the refused update
 * was never acknowledged, so the provider sends it again after reconnecting.
 */
import { z } from 'zod';

const rateLimitedSchema = z.object({
  type: z.literal('rate-limited'),
  retryAfter: z.number().int().min(0).max(3600),
});

/** Seconds to wait before reconnecting, when `payload` is the rate-limit message; else undefined. */
export function rateLimitedFor(payload: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const message = rateLimitedSchema.safeParse(parsed);
  return message.success ? message.data.retryAfter : undefined;
}
