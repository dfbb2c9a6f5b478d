import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@trendstream/runtime/env';
import { createLogger } from '@trendstream/runtime/logger';
import { buildProcessor } from './app.js';
import { loadProcessorConfig } from './config.js';

// Wiring only: read config, build the logger, start, and stop cleanly on SIGTERM/SIGINT.
const SHUTDOWN_DEADLINE_MS = 20_000;
const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

async function main(): Promise<void> {
  let config;
  try {
    config = loadProcessorConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger('processor', config.LOG_LEVEL);
  const processor = await buildProcessor({ config, logger, webDist: config.WEB_DIST ?? DEFAULT_WEB_DIST }).catch((error: unknown) => {
    const reason = `could not start: ${(error as Error).message} (check KAFKA_BROKERS=${config.KAFKA_BROKERS.join(',')} and MYSQL_URL)`;
    logger.fatal({ err: error }, reason);
    // The structured log is for machines; a person at a terminal gets the reason as one plain line too.
    process.stderr.write(`processor: ${reason}\n`);
    process.exit(1);
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A broker that is already gone can keep kafkajs retrying for minutes: never hang on the way out.
    setTimeout(() => {
      logger.error({ afterMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    processor.close().then(
      () => process.exit(processor.countingFailure() ? 1 : 0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  try {
    const address = await processor.start();
    logger.info({ address }, `Trendstream processor listening on ${address}`);
  } catch (error) {
    // Typically the port is taken (EADDRINUSE) or Kafka went away during start-up.
    const reason = `could not start: ${(error as Error).message} (HOST=${config.HOST}, PORT=${config.PORT})`;
    logger.fatal({ err: error }, reason);
    process.stderr.write(`processor: ${reason}\n`);
    await processor.close().catch(() => {});
    process.exit(1);
  }
}

void main();
