import { delay } from '../sources/abortable-delay.js';
import { readRateLimit, readRetryAfter, spendOne, waitBeforeRequest, type RateLimitState } from './rate-limit.js';

export type RestErrorKind = 'unauthorized' | 'refused' | 'rate-limited' | 'server' | 'network' | 'timeout' | 'bad-response' | 'aborted';

/** A failed REST call. `retriable` says whether the same request may succeed later. */
export class RestError extends Error {
  constructor(
    readonly kind: RestErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RestError';
  }
}

export interface RestResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

export interface RestClientOptions {
  baseUrl: string;
  token: string | undefined;
  timeoutMs: number;
  now: () => number;
  /** Bodies above this are refused: remote posts can be any length. */
  maxBodyBytes?: number;
  /** Told about every wait for the rate-limit window and every response, for metrics. */
  onRateLimitWait?: (ms: number) => void;
  onResponse?: (status: number) => void;
}

export const USER_AGENT = 'Trendstream-ingest/0.1 (reads public timelines; honours opt-outs and rate limits)';
const MAX_429_RETRIES = 3;

/**
 * The REST side of one instance: one request at a time (polite, and the rate-limit budget is per account and
 * IP anyway), waiting for the window to reset when the announced budget is down to its reserve, and
 * following only links on the instance's own origin (so the token never goes elsewhere).
 */
export class MastodonRestClient {
  private rateLimit: RateLimitState | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly origin: string;

  constructor(private readonly options: RestClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
  }

  /**
   * GET a path (with query params) or an absolute URL on the instance's origin; JSON body. `anonymous`
   * leaves the token out, for public endpoints such as /api/v2/instance.
   */
  get(pathOrUrl: string, params: Record<string, string>, signal: AbortSignal, options: { anonymous?: boolean } = {}): Promise<RestResponse> {
    const url = new URL(pathOrUrl, this.origin);
    if (url.origin !== this.origin) {
      return Promise.reject(new RestError('bad-response', `refusing to follow a link to ${url.origin}, which is not ${this.origin}`));
    }
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const run = this.tail.then(() => this.request(url, signal, options.anonymous ?? false));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async request(url: URL, signal: AbortSignal, anonymous: boolean): Promise<RestResponse> {
    for (let attempt = 0; ; attempt++) {
      const wait = waitBeforeRequest(this.rateLimit, this.options.now());
      if (wait > 0) {
        this.options.onRateLimitWait?.(wait);
        await delay(wait, signal);
      }
      if (signal.aborted) throw new RestError('aborted', 'stopped');
      this.rateLimit = spendOne(this.rateLimit, this.options.now());
      const response = await this.fetch(url, signal, anonymous);
      this.rateLimit = readRateLimit(response.headers, this.options.now()) ?? this.rateLimit;
      this.options.onResponse?.(response.status);
      if (response.status === 429 && attempt < MAX_429_RETRIES) {
        await response.body?.cancel();
        // Someone else spent the budget (another client of the account, or of our IP): wait for the reset.
        this.rateLimit = { limit: this.rateLimit?.limit ?? 300, remaining: 0, resetAt: this.retryAt(response) };
        continue;
      }
      return this.interpret(url, response);
    }
  }

  private async fetch(url: URL, signal: AbortSignal, anonymous: boolean): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
    if (this.options.token && !anonymous) headers.authorization = `Bearer ${this.options.token}`;
    try {
      return await fetch(url, { headers, redirect: 'error', signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]) });
    } catch (cause) {
      this.options.onResponse?.(0);
      if (signal.aborted) throw new RestError('aborted', 'stopped', undefined, { cause });
      const name = (cause as { name?: string }).name;
      if (name === 'TimeoutError')
        throw new RestError('timeout', `GET ${url.pathname} got no answer within ${this.options.timeoutMs} ms`, undefined, { cause });
      const reason = (cause as { cause?: { code?: string; message?: string } }).cause;
      throw new RestError('network', `GET ${url.pathname} failed: ${reason?.code ?? reason?.message ?? (cause as Error).message}`, undefined, { cause });
    }
  }

  private retryAt(response: Response): number {
    const now = this.options.now();
    return readRetryAfter(response.headers, now) ?? readRateLimit(response.headers, now)?.resetAt ?? now + 60_000;
  }

  private async interpret(url: URL, response: Response): Promise<RestResponse> {
    const text = await readBounded(response, this.options.maxBodyBytes ?? 8 * 1024 * 1024, url);
    if (response.ok) {
      try {
        return { status: response.status, headers: response.headers, json: JSON.parse(text) };
      } catch (cause) {
        throw new RestError('bad-response', `GET ${url.pathname} did not return JSON`, response.status, { cause });
      }
    }
    const message = `GET ${url.pathname} answered ${response.status}${errorText(text)}`;
    if (response.status === 401) throw new RestError('unauthorized', message, 401);
    if (response.status === 429) throw new RestError('rate-limited', message, 429);
    if (response.status >= 500) throw new RestError('server', message, response.status);
    throw new RestError('refused', message, response.status);
  }
}

/** Mastodon errors are `{"error": "..."}`; anything else is not worth quoting. */
function errorText(body: string): string {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    return typeof error === 'string' ? `: ${error.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

async function readBounded(response: Response, maxBytes: number, url: URL): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new RestError('bad-response', `GET ${url.pathname} body of ${declared} bytes exceeds ${maxBytes}`, response.status);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (cause) {
      throw new RestError('network', `GET ${url.pathname} broke off while reading the body`, response.status, { cause });
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new RestError('bad-response', `GET ${url.pathname} body exceeds ${maxBytes} bytes`, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
