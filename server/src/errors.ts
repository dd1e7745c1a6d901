/** The closed set of error codes the HTTP API answers with, and their statuses. */
export const ERROR_STATUS = {
  bad_request: 400,
  not_found: 404,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = { error: { code: ErrorCode; message: string } };

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}
