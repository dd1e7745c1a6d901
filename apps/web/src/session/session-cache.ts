/**
 * The last session's user and workspace list, kept in localStorage so the app opens offline after
 * one sign-in. Never the tokens: the access token stays in memory, the refresh token in its
 * httpOnly cookie. Read back through zod: a damaged entry counts as "no session".
 */
import { z } from 'zod';
import { userSchema, workspaceSummarySchema } from '../api/schemas.ts';
import { SESSION_KEY } from './storage-keys.ts';

const cacheSchema = z.object({
  user: userSchema,
  workspaces: z.array(workspaceSummarySchema),
  lastWorkspaceId: z.string().nullable(),
});
export type SessionCache = z.infer<typeof cacheSchema>;

export function parseSessionCache(raw: string | null): SessionCache | null {
  if (!raw) return null;
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function loadSessionCache(): SessionCache | null {
  return parseSessionCache(localStorage.getItem(SESSION_KEY));
}

export function saveSessionCache(cache: SessionCache): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(cache));
}

export function clearSessionCache(): void {
  localStorage.removeItem(SESSION_KEY);
}
