import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DevstackError } from './devstack-error.js';
import { startLocalBroker } from './kafka-broker.js';
import { KAFKA_CACHE } from './paths.js';
import { runMain } from '@trendstream/runtime/run-main';
import { onStopSignal } from '@trendstream/runtime/stop-signals';

/**
 * `npm run kafka:start` / `kafka:stop`: a long-lived local broker on 127.0.0.1:9092 for development, with its
 * data in .cache/kafka/local. `start` stays in the foreground; stop it with Ctrl-C or `npm run kafka:stop`.
 */
const PID_FILE = path.join(KAFKA_CACHE, 'local.pid');

async function main(command: string | undefined): Promise<number> {
  if (command === 'start') {
    // Ctrl-C while the broker starts: exit through process.exit so the broker's 'exit' handler kills it.
    const removeBail = onStopSignal(() => process.exit(130));
    const broker = await startLocalBroker({ dataDir: path.join(KAFKA_CACHE, 'local'), brokerPort: 9092, log: (line) => console.error(line) });
    writeFileSync(PID_FILE, String(process.pid));
    console.error(`export KAFKA_BROKERS=${broker.brokers}`);
    removeBail();
    await new Promise<void>((resolve) => onStopSignal(() => resolve()));
    await broker.stop();
    rmSync(PID_FILE, { force: true });
    return 0;
  }
  if (command === 'stop') {
    if (!existsSync(PID_FILE)) {
      console.error('kafka:stop: no local broker is running (no .cache/kafka/local.pid)');
      return 1;
    }
    process.kill(Number(readFileSync(PID_FILE, 'utf8')), 'SIGTERM');
    console.error('kafka:stop: asked the local broker to stop');
    return 0;
  }
  console.error('usage: kafka-main start|stop');
  return 2;
}

runMain('kafka', () => main(process.argv[2]), { ownSignalHandling: true, expectedErrors: [DevstackError] });
