import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from './support/stack';

/**
 * Starts the real stack once for the whole suite and replays the committed sample at 60x (its hour in a
 * minute) with times shifted to now, so the dashboard fills while the tests watch. Playwright calls the
 * returned function after the last test.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const logDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'e2e-stack');
  const { state, teardown } = await startStack({ replayArgs: ['--speed', '60', '--shift-to-now'], logDir });
  console.log(`e2e stack: processor ${state.baseUrl} (pid ${state.processorPid}), database ${state.database}, topics ${state.topicPrefix}*, logs in ${logDir}`);
  return teardown;
}
