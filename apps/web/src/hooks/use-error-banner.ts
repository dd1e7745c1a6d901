/**
 * One line of feedback when an operation refuses (a ModelError, e.g. archiving the last column).
 * A tiny module-level store, so any component can report without threading callbacks.
 */
import { ModelError } from '@taskflow/model';
import { useSyncExternalStore } from 'react';

let message: string | null = null;
const listeners = new Set<() => void>();

function set(next: string | null): void {
  message = next;
  for (const l of listeners) l();
}

export function showError(error: unknown): void {
  set(error instanceof ModelError ? error.message : 'Something went wrong; the change was not made.');
  if (!(error instanceof ModelError)) console.error(error);
}

export function clearError(): void {
  set(null);
}

/** Runs a model operation, turning a refusal into the banner instead of an uncaught error. */
export function attempt(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    showError(error);
    return false;
  }
}

export function useErrorMessage(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => message,
  );
}
