/** The closed set of reasons a model operation refuses; callers map them to HTTP statuses or UI text. */
export const MODEL_ERROR_CODES = [
  'invalid_input',
  'not_found',
  'archived',
  'schema_too_new',
  'last_column',
  'forbidden',
  /** The operation does not fit the current state (a sprint already started, a key in use…). */
  'conflict',
] as const;
export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[number];

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
