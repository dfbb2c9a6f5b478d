import { z } from 'zod';
import { envVars, parseEnv } from '@trendstream/schema/env';
import { parseDuration } from './windows/duration.js';

const positiveInt = (fallback: number, max: number) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(max).default(fallback));

const windowList = z
  .preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v : '1m,5m,15m,1h'), z.string())
  .transform((value, ctx) => {
    const windows = value.split(',').map((name) => name.trim()).filter(Boolean);
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
  HOST: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('127.0.0.1')),
  LOG_LEVEL: envVars.logLevel,
  ADMIN_TOKEN: envVars.secret,
  ALLOWED_ORIGINS: envVars.list,
  CONSUMER_GROUP: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).default('trendstream-processor')),
  POSTS_PARTITIONS: positiveInt(3, 256),
  BUCKET_SECONDS: positiveInt(5, 3600),
  WINDOWS: windowList,
  ALLOWED_LATENESS_SECONDS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(86_400).default(10)),
  IDLE_AFTER_SECONDS: positiveInt(15, 3600),
  FLUSH_MAX_POSTS: positiveInt(5000, 1_000_000),
  FLUSH_INTERVAL_MS: positiveInt(150, 60_000),
  DELTA_INTERVAL_MS: positiveInt(250, 60_000),
  WEB_DIST: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
});

export type ProcessorEnv = z.infer<typeof processorEnvSchema>;

export function loadProcessorConfig(env: NodeJS.ProcessEnv): ProcessorEnv {
  return parseEnv('processor', processorEnvSchema, env);
}
