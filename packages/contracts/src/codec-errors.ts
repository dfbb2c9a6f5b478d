export type DecodeErrorCode = 'TOO_SHORT' | 'BAD_MAGIC' | 'UNKNOWN_SCHEMA' | 'BAD_BODY';

/** A message that cannot be decoded. Never retriable: the same bytes fail the same way. */
export class DecodeError extends Error {
  readonly retriable = false;
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DecodeError';
  }
}
