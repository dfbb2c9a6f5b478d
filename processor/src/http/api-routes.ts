import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseHashtag } from '@trendstream/contracts/hashtag';
import type { HashtagsResponse } from '@trendstream/contracts/api-types';
import type { HashtagDirectory } from '../hashtags/hashtag-directory.js';
import type { TrendsService } from '../trends/trends-service.js';
import { BadQueryError } from '../trends/trends-service.js';
import { blankAsUnset } from '@trendstream/runtime/env';
import { normalizeLanguage } from '@trendstream/contracts/language';
import { defaultWindow } from '../live/subscription.js';
import { normalizeWord } from '@trendstream/contracts/tokenizer';
import { requireAdmin } from './admin-auth.js';

const optionalTag = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return undefined;
    const parsed = parseHashtag(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.reason });
      return z.NEVER;
    }
    return parsed.tag;
  });

const optionalLang = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined;
    const language = normalizeLanguage(value);
    if (!language) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 639 code such as en or ja' });
      return z.NEVER;
    }
    return language;
  });

// `?limit=` as a form sends it means "not given", like an empty lang or tag.
const trendsQuery = z.object({
  window: z.preprocess(blankAsUnset, z.string().optional()),
  limit: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(200).default(20)),
  lang: optionalLang,
  tag: optionalTag,
  sort: z.preprocess(blankAsUnset, z.enum(['count', 'score']).default('count')),
});

/** How long a hashtag request waits for the followed set to be read at start before it is answered 503. */
const HASHTAGS_LOAD_WAIT_MS = 10_000;

const seriesQuery = z.object({ window: z.preprocess(blankAsUnset, z.string().optional()), lang: optionalLang, tag: optionalTag });
const wordParam = z.object({ word: z.string().trim().min(1).max(101) });

export interface ApiDeps {
  trends: TrendsService;
  hashtags: HashtagDirectory;
  adminToken: string | undefined;
}

export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const withWindow = <Q extends { window?: string | undefined }>(query: Q) =>
    withoutUndefined({ ...query, window: query.window ?? defaultWindow(deps.trends.windows) });

  app.get('/api/trends', async (request) => deps.trends.trends(withWindow(parse(trendsQuery, request.query))));

  app.get('/api/words/:word/series', async (request) => {
    const { word } = parse(wordParam, request.params);
    const query = parse(seriesQuery, request.query);
    // Looked up as the tokenizer stores it: `#Café` is counted as `#cafe`, `It’s` as `it`.
    return deps.trends.series(normalizeWord(word), withWindow(query));
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
  const parsed = parseHashtag(typeof raw === 'string' ? raw : '');
  if (!parsed.ok) throw new BadQueryError(`invalid hashtag: ${parsed.reason}`);
  return parsed.tag;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new BadQueryError(result.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
