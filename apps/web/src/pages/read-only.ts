import type { Role } from '../api/schemas.ts';
import type { Access } from '../sync/workspace.ts';

/** Viewers, and anyone the server connected read-only; until the server answers, the cached role decides. */
export function isReadOnly(access: Access, role: Role | undefined): boolean {
  if (access === 'readonly') return true;
  if (access === 'read-write') return false;
  return role === 'viewer';
}
