import { z } from 'zod';
import { blankAsUnset, envVars, parseEnv } from '@trendstream/runtime/env';
import { parseDuration } from './windows/duration.js';

const positiveInt = (fallback: number, max: number) => z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(max).default(fallback));

const windowList = z
  .preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v : '1m,5m,15m,1h'), z.string())
  .transform((value, ctx) => {
    const windows = value
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    for (const name of windows) {
      if (parseDuration(name) === null) ctx.addIssue({ code: 'custom', message: `"${name}" is not a duration like 30s, 5m, 1h` });
    }
    return windows;
  });

/** Every environment variable the processor reads; nothing else in the processor touches process.env. */
export const processorEnvSchema = z.object({
  KAFKA_BROKERS: envVars.kafkaBrokers,
  TOPIC_PREFIX: envVars.topicPrefix,
  MYSQL_URL: envVars.mysqlUrl,
  PORT: envVars.port,
  HOST: z.preprocess(blankAsUnset, z.string().default('127.0.0.1')),
  LOG_LEVEL: envVars.logLevel,
  ADMIN_TOKEN: envVars.secret,
  ALLOWED_ORIGINS: envVars.list,
  /** Defaults to `${TOPIC_PREFIX}trendstream-processor`, so stacks sharing a broker never share a group. */
  CONSUMER_GROUP: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /**
   * Who counts: this processor (the default) or the Spark engine (docs/engines.md), in which case the processor
   * counts nothing and serves what Spark writes to the same database.
   */
  COUNTING_ENGINE: z.preprocess(blankAsUnset, z.enum(['processor', 'spark']).default('processor')),
  POSTS_PARTITIONS: envVars.postsPartitions,
  BUCKET_SECONDS: positiveInt(5, 3600),
  WINDOWS: windowList,
  ALLOWED_LATENESS_SECONDS: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(86_400).default(10)),
  IDLE_AFTER_SECONDS: positiveInt(15, 3600),
  /** A source whose last `ingest.status` report is older than this is stale: 3 × the ingest's default 30 s interval. */
  SOURCE_STALE_AFTER_SECONDS: positiveInt(90, 86_400),
  FLUSH_MAX_POSTS: positiveInt(10_000, 1_000_000),
  FLUSH_INTERVAL_MS: positiveInt(150, 60_000),
  DELTA_INTERVAL_MS: positiveInt(250, 60_000),
  /** How long the group waits for a silent member before reassigning its partitions (broker minimum: 6 s). */
  KAFKA_SESSION_TIMEOUT_MS: z.preprocess(blankAsUnset, z.coerce.number().int().min(6_000).max(300_000).default(30_000)),
  WEB_DIST: z.preprocess(blankAsUnset, z.string().optional()),
});

export type ProcessorEnv = z.infer<typeof processorEnvSchema>;

export type ProcessorConfig = Omit<ProcessorEnv, 'CONSUMER_GROUP'> & { CONSUMER_GROUP: string };

export function loadProcessorConfig(env: NodeJS.ProcessEnv): ProcessorConfig {
  const config = parseEnv('processor', processorEnvSchema, env);
  return { ...config, CONSUMER_GROUP: config.CONSUMER_GROUP ?? `${config.TOPIC_PREFIX}trendstream-processor` };
}
