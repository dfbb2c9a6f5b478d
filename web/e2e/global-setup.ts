import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envVar } from '@trendstream/testkit/env';
import { startStack } from './support/stack';

/**
 * Starts the real stack once for the whole suite and replays the committed sample at 60x (its hour in a
 * minute) with times shifted to now, so the dashboard fills while the tests watch. Playwright calls the
 * returned function after the last test. TRENDSTREAM_E2E_REPLAY replaces the replay's options (the
 * screenshots keep the sample's own times, so trend scores have a real baseline).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const logDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'e2e-stack');
  const replayArgs = (envVar('TRENDSTREAM_E2E_REPLAY') ?? '--speed 60 --shift-to-now').split(/\s+/u).filter(Boolean);
  const { state, teardown } = await startStack({ replayArgs, logDir });
  console.log(`e2e stack: processor ${state.baseUrl} (pid ${state.processorPid}), database ${state.database}, topics ${state.topicPrefix}*, logs in ${logDir}`);
  return teardown;
}
