import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { HashtagsResponse } from '@trendstream/contracts/api-types';
import { normalizeWord } from '@trendstream/contracts/tokenizer';
import type { HashtagDirectory } from '../hashtags/hashtag-directory.js';
import type { TrendsService } from '../trends/trends-service.js';
import { BadQueryError } from '../trends/trends-service.js';
import { checkLang, checkTag, checkWindow, defaultWindow, isUnset, parseTag, type ParamCheck } from '../live/subscription.js';
import { requireAdmin } from './admin-auth.js';

/** How long a hashtag request waits for the followed set to be read at start before it is answered 503. */
const HASHTAGS_LOAD_WAIT_MS = 10_000;
const MAX_LIMIT = 200;
/** A `#` and a 100-character hashtag; no stored word is longer. */
const MAX_WORD_LENGTH = 101;

/** A query parameter as fastify parses it: a string, or an array when the parameter is repeated. */
const param = z.string({ error: (issue) => (Array.isArray(issue.input) ? 'is given more than once; give it once' : 'must be a string') }).optional();

/** A zod transform from one of the shared checks (live/subscription.ts), so HTTP and socket.io accept the same values. */
const via =
  (check: (value: unknown) => ParamCheck) =>
  (value: string | undefined, ctx: z.RefinementCtx): string | undefined => {
    const result = check(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  };

// Decimal digits only: `0x10` and `1e2` are numbers to JavaScript, not to a person writing a URL.
const limit = param.transform((value, ctx) => {
  const digits = value?.trim() ?? '';
  if (digits === '') return 20;
  const n = /^\d+$/u.test(digits) ? Number(digits) : NaN;
  if (n >= 1 && n <= MAX_LIMIT) return n;
  ctx.addIssue({ code: 'custom', message: `must be a whole number from 1 to ${MAX_LIMIT}` });
  return z.NEVER;
});

const sort = param.transform((value, ctx) => {
  if (isUnset(value)) return 'count' as const;
  if (value === 'count' || value === 'score') return value;
  ctx.addIssue({ code: 'custom', message: 'must be count or score' });
  return z.NEVER;
});

/** Unknown parameters are ignored (a cache-buster such as `?_=1700000000` must not fail a request). */
function querySchemas(windows: readonly string[]) {
  const filter = {
    window: param.transform((value, ctx) => {
      const check = checkWindow(value, windows);
      if (check.ok) return check.value ?? defaultWindow(windows);
      ctx.addIssue({ code: 'custom', message: `unknown window ${quoted(value ?? '')}; use one of ${windows.join(', ')}` });
      return z.NEVER;
    }),
    lang: param.transform(via(checkLang)),
    tag: param.transform(via(checkTag)),
  };
  return { trends: z.object({ ...filter, limit, sort }), series: z.object(filter) };
}

/** A word as the tokenizer stores it (`#Café` is counted as `#cafe`, `It’s` as `it`); refused when nothing is left. */
const wordParam = z.object({
  word: z.string().transform((raw, ctx) => {
    const word = raw.trim();
    const normalized = word.length > MAX_WORD_LENGTH ? undefined : normalizeWord(word);
    if (normalized === undefined) ctx.addIssue({ code: 'custom', message: `has at most ${MAX_WORD_LENGTH} characters` });
    else if (normalized === '' || normalized === '#') ctx.addIssue({ code: 'custom', message: 'must hold a letter or a digit' });
    return normalized ?? '';
  }),
});

export interface ApiDeps {
  trends: TrendsService;
  hashtags: HashtagDirectory;
  adminToken: string | undefined;
}

export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const queries = querySchemas(deps.trends.windows);

  app.get('/api/trends', async (request) => deps.trends.trends(withoutUndefined(parse(queries.trends, request.query))));

  app.get('/api/words/:word/series', async (request) => {
    const { word } = parse(wordParam, request.params);
    return deps.trends.series(word, withoutUndefined(parse(queries.series, request.query)));
  });

  // Right after a start the set is still being read from Kafka: an empty list then would look like a loss.
  const answerWhileLoading = (reply: FastifyReply) =>
    reply.code(503).send({ error: 'starting', message: 'The followed hashtags are still being read from Kafka; try again in a few seconds.' });

  app.get('/api/hashtags', async (_request, reply): Promise<HashtagsResponse | FastifyReply> => {
    if (!(await deps.hashtags.whenLoaded(HASHTAGS_LOAD_WAIT_MS))) return answerWhileLoading(reply);
    return { hashtags: [...deps.hashtags.list()] };
  });

  app.put('/api/hashtags/:tag', { onRequest: requireAdmin(deps.adminToken) }, async (request, reply) => {
    const tag = parseTagParam(request.params);
    if (!(await deps.hashtags.whenLoaded(HASHTAGS_LOAD_WAIT_MS))) return answerWhileLoading(reply);
    const existed = deps.hashtags.has(tag);
    await deps.hashtags.follow(tag);
    request.log.info({ tag, change: 'follow' }, 'hashtag followed');
    return reply.code(existed ? 200 : 201).send({ tag, followed: true });
  });

  app.delete('/api/hashtags/:tag', { onRequest: requireAdmin(deps.adminToken) }, async (request) => {
    const tag = parseTagParam(request.params);
    await deps.hashtags.unfollow(tag);
    request.log.info({ tag, change: 'unfollow' }, 'hashtag unfollowed');
    return { tag, followed: false };
  });
}

function parseTagParam(params: unknown): string {
  const raw = (params as { tag?: unknown }).tag;
  const parsed = parseTag(typeof raw === 'string' ? raw : '');
  if (!parsed.ok) throw new BadQueryError(`invalid hashtag: ${parsed.reason}`);
  return parsed.tag;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new BadQueryError(result.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
}

/** A value named in an error message: JSON-quoted, so odd characters show, and cut short, so nothing long comes back. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
