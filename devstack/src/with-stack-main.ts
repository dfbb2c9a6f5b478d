import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { DevstackError } from './devstack-error.js';
import { startLocalBroker, type LocalBroker } from './kafka-broker.js';
import { KAFKA_CACHE } from './paths.js';
import { runMain } from '@trendstream/runtime/run-main';
import { onStopSignal } from '@trendstream/runtime/stop-signals';

/**
 * `with-stack -- COMMAND...`: runs COMMAND with KAFKA_BROKERS pointing at a broker. When KAFKA_BROKERS is
 * already set that cluster is used and nothing is started; otherwise a fresh local broker is started for the
 * run and removed afterwards. The exit code is COMMAND's.
 */
async function main(argv: string[]): Promise<number> {
  const separator = argv.indexOf('--');
  const command = separator >= 0 ? argv.slice(separator + 1) : argv;
  if (command.length === 0 || !command[0]) {
    console.error('usage: with-stack -- COMMAND [ARGS...]');
    return 2;
  }
  let broker: LocalBroker | undefined;
  let dataDir: string | undefined;
  // Ctrl-C while the broker starts: exit through process.exit so the broker's 'exit' handler kills it.
  const removeBail = onStopSignal(() => process.exit(130));
  const env = { ...process.env };
  if (env.KAFKA_BROKERS) {
    console.error(`Using the Kafka cluster at KAFKA_BROKERS=${env.KAFKA_BROKERS}.`);
  } else {
    dataDir = path.join(KAFKA_CACHE, 'runs', `${Date.now()}-${process.pid}`);
    broker = await startLocalBroker({ dataDir, log: (line) => console.error(line) });
    env.KAFKA_BROKERS = broker.brokers;
  }
  removeBail();
  try {
    return await run(command[0], command.slice(1), env);
  } finally {
    if (broker) {
      console.error('Stopping the local Kafka broker...');
      await broker.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env, shell: false });
    const removeForward = onStopSignal((signal) => child.kill(signal), { once: false });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      removeForward();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

runMain('with-stack', () => main(process.argv.slice(2)), { ownSignalHandling: true, expectedErrors: [DevstackError] });
