import { z } from 'zod';
import { USER_AGENT } from '../mastodon/rest-client.js';
import type { NewXRule, XRule } from './x-rules.js';

export interface XApiSettings {
  /** X_API_URL: https://api.x.com, or a local server's http:// URL. */
  baseUrl: string;
  /** X_BEARER_TOKEN. A secret: it goes into the Authorization header and nowhere else. */
  token: string;
  /** Timeout of one rules request. */
  requestTimeoutMs: number;
}

export type XApiErrorCode = 'X_UNAUTHORIZED' | 'X_RATE_LIMITED' | 'X_HTTP' | 'X_NETWORK' | 'X_INVALID_RESPONSE';

/** A refused or failed request, with what to do about it: retry (with which backoff) or not. */
export class XApiError extends Error {
  constructor(
    readonly code: XApiErrorCode,
    message: string,
    readonly status?: number,
    /** When a 429 says the rate-limit window ends (x-rate-limit-reset), epoch ms. */
    readonly resetAt?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'XApiError';
  }

  get retriable(): boolean {
    return this.code !== 'X_UNAUTHORIZED';
  }
}

/** Post fields asked for (https://docs.x.com/x-api/fundamentals/fields); no expansions, since X bills each user object. */
export const TWEET_FIELDS = 'created_at,lang,entities,referenced_tweets,author_id,possibly_sensitive,note_tweet';

/** A rule X refused to add or delete, as the `errors` of a 200/201 answer name it. */
export interface RuleError {
  value?: string;
  id?: string;
  title: string;
  detail: string;
}

const rulesPageSchema = z.object({
  data: z.array(z.object({ id: z.string(), value: z.string(), tag: z.string().optional() }).loose()).optional(),
  meta: z.object({ next_token: z.string().optional() }).loose().optional(),
});
const ruleErrorSchema = z
  .object({
    value: z.string().optional(),
    id: z.string().optional(),
    title: z.string().optional(),
    detail: z.string().optional(),
    details: z.array(z.string()).optional(),
  })
  .loose();
const changeSchema = z.object({ errors: z.array(z.unknown()).optional() }).loose();

const MAX_RULE_PAGES = 20;

/** The three calls of the filtered stream, over Node's fetch (undici): the body is read as it streams. */
export class XApi {
  private readonly base: string;

  constructor(private readonly settings: XApiSettings) {
    this.base = settings.baseUrl.replace(/\/+$/u, '');
  }

  get streamUrl(): string {
    return `${this.base}/2/tweets/search/stream?tweet.fields=${TWEET_FIELDS}`;
  }

  /** Opens the stream; resolves with its body once X answers 200, throws XApiError otherwise. */
  async openStream(signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const response = await this.request(this.streamUrl, { method: 'GET', signal });
    if (response.status !== 200 || response.body === null) throw refusal(response, await response.text().catch(() => ''), 'the stream');
    return response.body;
  }

  /** Every rule on the app, owned or not. */
  async listRules(signal: AbortSignal): Promise<XRule[]> {
    const rules: XRule[] = [];
    let next: string | undefined;
    for (let page = 0; page < MAX_RULE_PAGES; page++) {
      const url = `${this.base}/2/tweets/search/stream/rules?max_results=1000${next ? `&pagination_token=${encodeURIComponent(next)}` : ''}`;
      const body = rulesPageSchema.safeParse(await this.json(url, { method: 'GET' }, signal, 'the rules'));
      if (!body.success) throw new XApiError('X_INVALID_RESPONSE', 'the rules list is not what X sends (check X_API_URL)');
      rules.push(...(body.data.data ?? []).map(({ id, value, tag }) => ({ id, value, ...(tag === undefined ? {} : { tag }) })));
      next = body.data.meta?.next_token;
      if (!next) break;
    }
    return rules;
  }

  addRules(rules: readonly NewXRule[], signal: AbortSignal): Promise<RuleError[]> {
    return this.changeRules({ add: rules }, signal);
  }

  deleteRules(ids: readonly string[], signal: AbortSignal): Promise<RuleError[]> {
    return this.changeRules({ delete: { ids } }, signal);
  }

  private async changeRules(body: unknown, signal: AbortSignal): Promise<RuleError[]> {
    const url = `${this.base}/2/tweets/search/stream/rules`;
    const response = await this.request(url, { method: 'POST', body: JSON.stringify(body), signal: this.withTimeout(signal) });
    const text = await response.text();
    const answer = changeSchema.safeParse(parseJson(text));
    // X answers 400 when a rule's syntax is invalid, naming it in `errors`; any other 400 is a refusal.
    const ruleErrors = answer.success ? (answer.data.errors ?? []).map(ruleErrorOf) : [];
    if (response.status === 400 && ruleErrors.some((error) => error.value !== undefined)) return ruleErrors;
    if (response.status !== 200 && response.status !== 201) throw refusal(response, text, 'the rule change');
    if (!answer.success) throw new XApiError('X_INVALID_RESPONSE', 'the answer to a rule change is not what X sends (check X_API_URL)', response.status);
    return ruleErrors;
  }

  private async json(url: string, init: RequestInit, signal: AbortSignal, what: string): Promise<unknown> {
    const response = await this.request(url, { ...init, signal: this.withTimeout(signal) });
    const text = await response.text();
    if (response.status !== 200 && response.status !== 201) throw refusal(response, text, what);
    const json = parseJson(text);
    if (json === undefined) throw new XApiError('X_INVALID_RESPONSE', `${what}: the answer is not JSON (check X_API_URL)`, response.status);
    return json;
  }

  private withTimeout(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, AbortSignal.timeout(this.settings.requestTimeoutMs)]);
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.settings.token}`, 'user-agent': USER_AGENT, accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(url, { ...init, headers });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new XApiError(
        'X_NETWORK',
        `could not reach ${new URL(url).host}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
        undefined,
        undefined,
        {
          cause: error,
        },
      );
    }
  }
}

/** The XApiError a non-2xx answer means, with X's own title and detail. */
function refusal(response: Response, text: string, what: string): XApiError {
  const said = problemText(text.slice(0, 4_096));
  const message = `${what}: HTTP ${response.status}${said ? ` (${said})` : ''}`;
  if (response.status === 401 || response.status === 403) return new XApiError('X_UNAUTHORIZED', message, response.status);
  if (response.status === 429) {
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    return new XApiError('X_RATE_LIMITED', message, 429, Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined);
  }
  return new XApiError('X_HTTP', message, response.status);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function ruleErrorOf(error: unknown): RuleError {
  const parsed = ruleErrorSchema.safeParse(error);
  const fields = parsed.success ? parsed.data : {};
  const detail = fields.detail ?? fields.details?.join('; ') ?? '';
  return { value: fields.value, id: fields.id, title: fields.title ?? 'error', detail };
}

/** X answers errors as an RFC 7807 problem (`title`, `detail`) or as `{"errors":[{"message"}]}`. */
function problemText(text: string): string {
  const body = parseJson(text) as { title?: unknown; detail?: unknown; errors?: { message?: unknown }[] } | undefined;
  if (typeof body !== 'object' || body === null) return text.trim().slice(0, 120);
  const first = Array.isArray(body.errors) ? body.errors[0]?.message : undefined;
  const parts = [body.title, body.detail, first].filter((part): part is string => typeof part === 'string' && part.length > 0);
  return parts.join(': ').slice(0, 300);
}
