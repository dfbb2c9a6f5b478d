import { ConfigError } from '@trendstream/runtime/env';
import { loadIngestConfig } from '../../src/config.js';

/** Broker settings every ingest configuration test starts from. */
export const BASE_ENV = { KAFKA_BROKERS: '127.0.0.1:9092' };

/** The message loadIngestConfig refuses `env` with (on top of BASE_ENV); fails the test if it accepts it. */
export function configError(env: Record<string, string>): string {
  try {
    loadIngestConfig({ ...BASE_ENV, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
