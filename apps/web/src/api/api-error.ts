/** A failed request, with a message fit to show the person (the server's, or ours for the network). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export const NETWORK_MESSAGE = 'Cannot reach the server. Check your connection and try again.';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited' && error.retryAfterSeconds !== null) {
      return `${error.message} Try again in ${error.retryAfterSeconds} s.`;
    }
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}
