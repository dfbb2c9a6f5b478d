import { z } from 'zod';
import { blankAsUnset, envVars, kafkaBrokersVar, parseEnv } from '@trendstream/runtime/env';
import { NO_LOCAL_STACK_MESSAGE } from '@trendstream/runtime/local-stack';
import { isPlausibleToken, parseInstanceEntry, parseTokenEntries } from './mastodon/instance-target.js';

const integer = (defaultValue: number, min: number, max: number) => z.preprocess(blankAsUnset, z.coerce.number().int().min(min).max(max).default(defaultValue));

/** The variables that reach Kafka; the hashtags CLI needs only these. */
const kafkaEnvShape = {
  KAFKA_BROKERS: envVars.kafkaBrokers,
  TOPIC_PREFIX: envVars.topicPrefix,
  POSTS_PARTITIONS: envVars.postsPartitions,
  LOG_LEVEL: envVars.logLevel,
};

/** How live sources are read (docs/ingest.md, docs/sources.md). `record` needs only these. */
const mastodonEnvShape = {
  LOG_LEVEL: envVars.logLevel,
  MASTODON_INSTANCES: envVars.list.superRefine((entries, ctx) => {
    const hosts = new Set<string>();
    for (const entry of entries) {
      const parsed = parseInstanceEntry(entry);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
      else if (hosts.has(parsed.host)) ctx.addIssue({ code: 'custom', message: `${parsed.host} is listed twice` });
      else hosts.add(parsed.host);
    }
  }),
  MASTODON_ACCESS_TOKEN: z.preprocess(
    blankAsUnset,
    z.string().trim().refine(isPlausibleToken, 'has characters an access token cannot have (paste only the token, without "Bearer ")').optional(),
  ),
  MASTODON_TOKENS: envVars.list,
  MASTODON_TIMELINE: z.preprocess(blankAsUnset, z.enum(['public', 'local', 'none']).default('public')),
  MASTODON_TRANSPORT: z.preprocess(blankAsUnset, z.enum(['auto', 'poll']).default('auto')),
  MASTODON_SKIP_OPTED_OUT: envVars.boolean(true),
  MASTODON_MAX_HASHTAGS: integer(50, 0, 1000),
  MASTODON_STALL_TIMEOUT_MS: integer(45_000, 200, 3_600_000),
  MASTODON_BACKOFF_INITIAL_MS: integer(1_000, 10, 600_000),
  MASTODON_BACKOFF_MAX_MS: integer(120_000, 10, 3_600_000),
  MASTODON_POLL_INTERVAL_MS: integer(30_000, 100, 3_600_000),
  MASTODON_REQUEST_TIMEOUT_MS: integer(15_000, 100, 300_000),
  MASTODON_GAP_FILL_DELAY_MS: integer(1_500, 0, 60_000),
  MASTODON_GAP_FILL_MARGIN_MS: integer(5_000, 0, 3_600_000),
  MASTODON_GAP_FILL_MAX_PAGES: integer(25, 1, 1_000),
  MASTODON_AUDIT_INTERVAL_MS: integer(30_000, 0, 3_600_000),
  MASTODON_AUDIT_GRACE_MS: integer(10_000, 0, 600_000),
};

/** Bluesky through Jetstream (docs/sources.md); off unless BLUESKY_JETSTREAM_URL is set. */
const blueskyEnvShape = {
  BLUESKY_JETSTREAM_URL: envVars.jetstreamUrl,
  BLUESKY_TIMELINE: z.preprocess(blankAsUnset, z.enum(['all', 'none']).default('all')),
  BLUESKY_STALL_TIMEOUT_MS: integer(30_000, 200, 3_600_000),
  BLUESKY_REWIND_MS: integer(5_000, 0, 3_600_000),
  BLUESKY_BACKOFF_INITIAL_MS: integer(1_000, 10, 600_000),
  BLUESKY_BACKOFF_MAX_MS: integer(60_000, 10, 3_600_000),
  BLUESKY_CONNECT_TIMEOUT_MS: integer(15_000, 100, 300_000),
};

/** What an X bearer token is made of (app-only tokens are URL-encoded: letters, digits, `%`). */
const X_TOKEN = /^[A-Za-z0-9%._~+/=-]{16,4096}$/u;
/** `#` + a 100-character hashtag + a space and parentheses leave this much of X's 1,024 characters per rule. */
const MAX_X_RULES_LENGTH = 900;

/** X through the filtered stream (docs/sources.md); off unless X_BEARER_TOKEN is set. The token is never logged. */
const xEnvShape = {
  X_BEARER_TOKEN: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .refine((token) => X_TOKEN.test(token), 'has characters an X bearer token cannot have (paste only the token, without "Bearer ")')
      .optional(),
  ),
  X_API_URL: z.preprocess(
    blankAsUnset,
    z
      .url({ protocol: /^https?$/u, message: 'must be an http(s) URL of the X API, e.g. https://api.x.com (http:// for a local server)' })
      .default('https://api.x.com'),
  ),
  X_RULES: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .max(MAX_X_RULES_LENGTH, `must be at most ${MAX_X_RULES_LENGTH} characters: it is appended to every hashtag rule, and X allows 1,024 per rule`)
      .refine((rule) => !/[\r\n]/u.test(rule), 'must be one line, e.g. lang:en -is:retweet')
      .optional(),
  ),
  X_MAX_POSTS_PER_DAY: integer(10_000, 1, 100_000_000),
  X_STALL_TIMEOUT_MS: integer(30_000, 200, 3_600_000),
};

/** Dedupe bounds of the live worker, which `record` uses too. */
export const DEFAULT_DEDUPE_CAPACITY = 200_000;
export const DEFAULT_DEDUPE_TTL_MS = 3_600_000;

/** The live worker itself: its HTTP port and memory bounds. */
const liveEnvShape = {
  INGEST_PORT: integer(9464, 0, 65_535),
  INGEST_QUEUE_CAPACITY: integer(10_000, 1, 1_000_000),
  INGEST_DEDUPE_CAPACITY: integer(DEFAULT_DEDUPE_CAPACITY, 1, 10_000_000),
  INGEST_DEDUPE_TTL_MS: integer(DEFAULT_DEDUPE_TTL_MS, 1_000, 7 * 24 * 3_600_000),
  INGEST_STATUS_INTERVAL_MS: integer(30_000, 100, 3_600_000),
};

type CrossCheckInput = { MASTODON_INSTANCES: string[]; MASTODON_TOKENS: string[] };

/** Every token must belong to a configured instance. Issues name the host, never the token. */
function checkTokens(env: CrossCheckInput, ctx: z.RefinementCtx): void {
  const tokens = parseTokenEntries(env.MASTODON_TOKENS);
  if (!tokens.ok) {
    ctx.addIssue({ code: 'custom', path: ['MASTODON_TOKENS'], message: `${tokens.reason}; expected host=token,host2=token2` });
    return;
  }
  const hosts = new Set(env.MASTODON_INSTANCES.map(parseInstanceEntry).flatMap((parsed) => (parsed.ok ? [parsed.host] : [])));
  for (const host of tokens.tokens.keys()) {
    if (!hosts.has(host)) ctx.addIssue({ code: 'custom', path: ['MASTODON_TOKENS'], message: `has a token for ${host}, which is not in MASTODON_INSTANCES` });
  }
}

/** A source's backoff cap must not be below its first wait (`MASTODON_BACKOFF_…`, `BLUESKY_BACKOFF_…`). */
function checkBackoff(prefix: string, env: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if ((env[`${prefix}_BACKOFF_MAX_MS`] as number) < (env[`${prefix}_BACKOFF_INITIAL_MS`] as number)) {
    ctx.addIssue({ code: 'custom', path: [`${prefix}_BACKOFF_MAX_MS`], message: `must not be below ${prefix}_BACKOFF_INITIAL_MS` });
  }
}

type Payload = { issues: readonly { path?: readonly PropertyKey[] }[] };
/**
 * Cross checks run even when unrelated variables are bad, so one run reports everything; they are skipped
 * only when a variable they read is itself invalid. (The two lists are always arrays.)
 */
const always = { when: () => true };
const whenBackoffValid = (prefix: string) => ({
  when: (payload: Payload) => !payload.issues.some((issue) => String(issue.path?.[0]).startsWith(`${prefix}_BACKOFF_`)),
});

/** The checks across variables of every schema holding the Mastodon and Bluesky settings. */
function withCrossChecks<T extends z.ZodObject>(schema: T): T {
  return schema
    .superRefine((env, ctx) => checkTokens(env as CrossCheckInput, ctx), always)
    .superRefine((env, ctx) => checkBackoff('MASTODON', env, ctx), whenBackoffValid('MASTODON'))
    .superRefine((env, ctx) => checkBackoff('BLUESKY', env, ctx), whenBackoffValid('BLUESKY'));
}

/** Every environment variable the ingest reads; nothing else in ingest touches process.env. */
export const ingestEnvSchema = withCrossChecks(z.object({ ...kafkaEnvShape, ...mastodonEnvShape, ...blueskyEnvShape, ...xEnvShape, ...liveEnvShape }));
/**
 * `record` reads Mastodon and Bluesky, not X: X's rules belong to the app, which the live ingest uses too (a
 * recording would replace them with its own --tag list), and every post read is billed.
 */
export const recordEnvSchema = withCrossChecks(z.object({ ...mastodonEnvShape, ...blueskyEnvShape }));
/**
 * What the Kafka-only tools (replay, hashtags) read: a bad Mastodon setting must not break them. They find the
 * broker of a running `npm start` themselves (withLocalStack), so an unset KAFKA_BROKERS says so.
 */
const toolKafkaEnvShape = {
  ...kafkaEnvShape,
  KAFKA_BROKERS: kafkaBrokersVar(NO_LOCAL_STACK_MESSAGE),
};
export const kafkaOnlyEnvSchema = z.object(toolKafkaEnvShape);
/** The replay also asks the processor, when it knows one, whether it drops the file's posts as late. */
export const replayEnvSchema = z.object({
  ...toolKafkaEnvShape,
  PROCESSOR_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^https?$/u, message: 'must be an http(s) URL, e.g. http://127.0.0.1:8080' }).optional()),
});

export type IngestEnv = z.infer<typeof ingestEnvSchema>;
/** What the Bluesky source reads; the live worker and `record` both have it. */
export type BlueskyEnv = z.infer<z.ZodObject<typeof blueskyEnvShape>>;
/** What the X source reads; the live worker and `record` both have it. */
export type XEnv = z.infer<z.ZodObject<typeof xEnvShape>>;
export type RecordEnv = z.infer<typeof recordEnvSchema>;
export type KafkaOnlyEnv = z.infer<typeof kafkaOnlyEnvSchema>;
export type ReplayEnv = z.infer<typeof replayEnvSchema>;
/** What the live sources need, shared by the live worker and `record`. */
export type MastodonEnv = z.infer<typeof recordEnvSchema>;

export function loadIngestConfig(env: NodeJS.ProcessEnv): IngestEnv {
  return parseEnv('ingest', ingestEnvSchema, env);
}

export function loadRecordConfig(env: NodeJS.ProcessEnv): RecordEnv {
  return parseEnv('record', recordEnvSchema, env);
}

export function loadReplayConfig(env: NodeJS.ProcessEnv): ReplayEnv {
  return parseEnv('replay', replayEnvSchema, env);
}

export function loadKafkaOnlyConfig(tool: string, env: NodeJS.ProcessEnv): KafkaOnlyEnv {
  return parseEnv(tool, kafkaOnlyEnvSchema, env);
}
