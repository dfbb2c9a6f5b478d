import { ConfigError } from '@trendstream/runtime/env';
import { createLogger } from '@trendstream/runtime/logger';
import { buildIngest } from './app.js';
import { loadIngestConfig, type IngestEnv } from './config.js';

/**
 * The live ingest worker: reads MASTODON_INSTANCES into Kafka until SIGTERM. Wiring only; the app is built
 * in app.ts. Exit codes: 0 after a clean shutdown, 1 when start failed or records were lost, 2 for bad
 * configuration.
 */
async function main(): Promise<number> {
  let config: IngestEnv;
  try {
    config = loadIngestConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger('ingest', config.LOG_LEVEL);
  const app = buildIngest({ config, logger, defaultMetrics: true });

  let stopping: Promise<boolean> | undefined;
  const stop = (signal: string): Promise<boolean> => {
    if (!stopping) {
      logger.info(`${signal}: stopping the streams and flushing the queue to Kafka`);
      stopping = app.stop();
    }
    return stopping;
  };
  const stopped = new Promise<boolean>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        if (stopping) {
          logger.warn(`${signal} again: exiting without waiting`);
          process.exit(1);
        }
        void stop(signal).then(resolve);
      });
    }
  });

  try {
    await app.http.listen({ port: config.INGEST_PORT, host: '0.0.0.0' });
    logger.info(`metrics and health on http://0.0.0.0:${config.INGEST_PORT}/metrics and /health`);
    await app.start();
    logger.info(
      { instances: app.supervisors.map((supervisor) => supervisor.host), topicPrefix: config.TOPIC_PREFIX },
      `live ingest running for ${app.supervisors.length} instance(s)`,
    );
  } catch (error) {
    logger.fatal({ err: error }, `live ingest could not start (Kafka at ${config.KAFKA_BROKERS.join(',')}, port ${config.INGEST_PORT}): ${(error as Error).message}`);
    await stop('start failure');
    return 1;
  }
  const ok = await stopped;
  logger.info(ok ? 'stopped cleanly' : 'stopped, but some records could not be delivered');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ingest: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
