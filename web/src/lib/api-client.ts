/**
 * Same-origin JSON requests to the processor. Every failure becomes an ApiError whose message can be shown
 * to the user as is: the server's own `{ error, message }` when it sent one, otherwise a plain description.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'PUT' | 'DELETE';
  token?: string;
  signal?: AbortSignal;
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, signal: options.signal ?? null });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'network', 'The server cannot be reached; retrying shortly.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(response.status, body);
  return body as T;
}

function errorFrom(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const { error, message } = body as { error?: unknown; message?: unknown };
    if (typeof message === 'string' && message) return new ApiError(status, typeof error === 'string' ? error : String(status), message);
  }
  return new ApiError(status, String(status), `The server answered ${status}.`);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Builds `path?a=1&b=2`, leaving out empty parameters. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
