import { kafkaBrokers } from '@trendstream/testkit/kafka';
import { ingestEnvSchema, type IngestEnv } from '../../src/config.js';

/**
 * A live-ingest configuration for tests, parsed by the real schema: short timeouts so failures show in a
 * second or two, one posts partition so the topic's order is the produce order.
 */
export function liveTestConfig(prefix: string, env: Record<string, string>): IngestEnv {
  return ingestEnvSchema.parse({
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: prefix,
    POSTS_PARTITIONS: '1',
    LOG_LEVEL: 'warn',
    INGEST_PORT: '0',
    MASTODON_STALL_TIMEOUT_MS: '1500',
    MASTODON_BACKOFF_INITIAL_MS: '100',
    MASTODON_BACKOFF_MAX_MS: '400',
    MASTODON_REQUEST_TIMEOUT_MS: '3000',
    MASTODON_GAP_FILL_DELAY_MS: '100',
    MASTODON_GAP_FILL_MARGIN_MS: '1000',
    MASTODON_POLL_INTERVAL_MS: '200',
    INGEST_STATUS_INTERVAL_MS: '500',
    ...env,
  });
}

/** The user access token the local Mastodon test server accepts in the live tests. */
export const TEST_USER_TOKEN = 'test-user-token_0123456789';
