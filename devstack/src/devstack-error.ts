/** A problem with the local environment, phrased as what to do about it. */
export class DevstackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevstackError';
  }
}
