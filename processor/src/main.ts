import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@trendstream/runtime/logger';
import { runMain } from '@trendstream/runtime/run-main';
import { buildProcessor } from './app.js';
import { loadProcessorConfig } from './config.js';

// Wiring only: read config, build the logger, start, and stop cleanly on SIGTERM/SIGINT.
const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

runMain(
  'processor',
  async ({ signal }) => {
    const config = loadProcessorConfig(process.env);
    const logger = createLogger('processor', config.LOG_LEVEL);
    const processor = buildProcessor({ config, logger, webDist: config.WEB_DIST ?? DEFAULT_WEB_DIST });
    const stopped = new Promise<number>((resolve) => {
      signal.addEventListener(
        'abort',
        () => {
          logger.info({ signal: signal.reason as string }, 'shutting down');
          processor.close().then(
            () => resolve(processor.countingFailure() ? 1 : 0),
            (error: unknown) => {
              logger.error({ err: error }, 'shutdown failed');
              resolve(1);
            },
          );
        },
        { once: true },
      );
    });
    try {
      const address = await processor.start();
      logger.info({ address }, `Trendstream processor listening on ${address}`);
    } catch (error) {
      // Typically Kafka or MySQL is unreachable, or the port is taken (EADDRINUSE).
      const reason = `could not start: ${(error as Error).message} (check KAFKA_BROKERS=${config.KAFKA_BROKERS.join(',')}, MYSQL_URL, HOST=${config.HOST} and PORT=${config.PORT})`;
      logger.fatal({ err: error }, reason);
      // The structured log is for machines; a person at a terminal gets the reason as one plain line too.
      process.stderr.write(`processor: ${reason}\n`);
      await processor.close().catch(() => {});
      return 1;
    }
    return stopped;
  },
  // A broker that is already gone can keep kafkajs retrying for minutes: never hang on the way out.
  { shutdownDeadlineMs: 20_000, secondSignalExitCode: 1 },
);
