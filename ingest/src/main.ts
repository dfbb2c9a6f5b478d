import { createLogger } from '@trendstream/runtime/logger';
import { runMain } from '@trendstream/runtime/run-main';
import { buildIngest } from './app.js';
import { loadIngestConfig } from './config.js';

/**
 * The live ingest worker: reads MASTODON_INSTANCES, BLUESKY_JETSTREAM_URL and X (X_BEARER_TOKEN) into Kafka until SIGTERM. Wiring only; the app is built
 * in app.ts. Exit codes: 0 after a clean shutdown, 1 when start failed or records were lost, 2 for bad
 * configuration.
 */
runMain(
  'ingest',
  async ({ signal }) => {
    const config = loadIngestConfig(process.env);
    const logger = createLogger('ingest', config.LOG_LEVEL);
    const app = buildIngest({ config, logger, defaultMetrics: true });

    let stopping: Promise<boolean> | undefined;
    const stop = (reason: string): Promise<boolean> => {
      if (!stopping) {
        logger.info(`${reason}: stopping the streams and flushing the queue to Kafka`);
        stopping = app.stop();
      }
      return stopping;
    };
    const stopped = new Promise<boolean>((resolve) => {
      signal.addEventListener('abort', () => void stop(String(signal.reason)).then(resolve), { once: true });
    });

    try {
      await app.http.listen({ port: config.INGEST_PORT, host: '0.0.0.0' });
      logger.info(`metrics and health on http://0.0.0.0:${config.INGEST_PORT}/metrics and /health`);
      await app.start();
      logger.info(
        { sources: app.sources.map((source) => `${source.network}:${source.name}`), topicPrefix: config.TOPIC_PREFIX },
        `live ingest running for ${app.sources.length} source(s)`,
      );
    } catch (error) {
      logger.fatal(
        { err: error },
        `live ingest could not start (Kafka at ${config.KAFKA_BROKERS.join(',')}, port ${config.INGEST_PORT}): ${(error as Error).message}`,
      );
      await stop('start failure');
      return 1;
    }
    const ok = await stopped;
    logger.info(ok ? 'stopped cleanly' : 'stopped, but some records could not be delivered');
    return ok ? 0 : 1;
  },
  { secondSignalExitCode: 1 },
);
