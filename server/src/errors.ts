/**
 * The closed set of error codes the HTTP API answers with, and their statuses (the issue 3 API
 * contract). Every error body is `{"error": {"code", "message"}}`; `invalid_input` adds `details`.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  json_too_deep: 400,
  invalid_input: 400,
  /** A mailed account link (password reset, email verification) that is unknown, used or expired. */
  invalid_token: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  /** The current password given to change the password or email is not right. */
  wrong_password: 403,
  /** Sign-in waits for the sign-up's email link (REQUIRE_EMAIL_VERIFICATION). */
  email_unverified: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  misdirected_request: 421,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export type ErrorDetail = { path: string; message: string };
export type ErrorBody = { error: { code: ErrorCode; message: string; details?: ErrorDetail[] } };

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetail[]): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

/** Thrown by handlers and middleware; the API's error handler turns it into the response. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

/** The one answer for "no such thing, or not yours to know about" (authorization before existence). */
export const notFound = (what = 'That'): ApiError => new ApiError('not_found', `${what} does not exist.`);
