import { z } from 'zod';
import { envVars, parseEnv } from '@trendstream/schema/env';

/** Every environment variable the ingest reads; nothing else in ingest touches process.env. */
export const ingestEnvSchema = z.object({
  KAFKA_BROKERS: envVars.kafkaBrokers,
  TOPIC_PREFIX: envVars.topicPrefix,
  POSTS_PARTITIONS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(256).default(3)),
  LOG_LEVEL: envVars.logLevel,
  MASTODON_INSTANCES: envVars.list,
  MASTODON_ACCESS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
});

export type IngestEnv = z.infer<typeof ingestEnvSchema>;

export function loadIngestConfig(env: NodeJS.ProcessEnv): IngestEnv {
  return parseEnv('ingest', ingestEnvSchema, env);
}
