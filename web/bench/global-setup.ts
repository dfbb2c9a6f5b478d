import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../e2e/support/stack';

/** The same real stack as the browser tests, without a replay: the benchmark starts its own at its own rate. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const logDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'bench-stack');
  const { state, teardown } = await startStack({ replayArgs: null, logDir });
  console.log(`bench stack: processor ${state.baseUrl}, logs in ${logDir}`);
  return teardown;
}
