import type { HealthResponse } from '@trendstream/contracts/api-types';
import path from 'node:path';
import { waitFor } from '@trendstream/testkit/wait-for';
import { isAlive, startNode, tail } from './processes';
import type { StackState } from './stack-state';

export function processorLog(state: Pick<StackState, 'logDir'>): string {
  return path.join(state.logDir, 'processor.log');
}

/** Starts `node processor/dist/main.js` with the stack's environment and returns its pid. */
export function startProcessor(state: Pick<StackState, 'processorEnv' | 'logDir'>): number {
  return startNode('processor/dist/main.js', [], state.processorEnv, processorLog(state)).pid;
}

/** Waits until /api/health answers with Kafka and MySQL up; fails early, with the log, if the processor died. */
export async function waitForHealthy(state: Pick<StackState, 'baseUrl' | 'logDir'>, pid: number, timeoutMs = 90_000): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (!isAlive(pid)) throw new Error(`the processor (pid ${pid}) exited`);
        try {
          const response = await fetch(`${state.baseUrl}/api/health`);
          if (!response.ok) return false;
          const health = (await response.json()) as HealthResponse;
          return health.kafka === 'up' && health.mysql === 'up';
        } catch {
          return false;
        }
      },
      // A dead processor fails the wait at once, with its log.
      { what: `${state.baseUrl}/api/health`, timeoutMs, intervalMs: 250, stopOnError: true },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- last lines of ${processorLog(state)} ---\n${tail(processorLog(state))}`);
  }
}
