import { readFileSync, writeFileSync } from 'node:fs';
import { envVar } from '@trendstream/testkit/env';

/**
 * What global setup started, shared with the test workers through a JSON file (workers are other processes,
 * and the reconnect test restarts the processor, so the current pid must be readable and writable by both).
 */
export interface StackState {
  repoRoot: string;
  baseUrl: string;
  port: number;
  adminToken: string;
  database: string;
  mysqlServerUrl: string;
  topicPrefix: string;
  logDir: string;
  /** The processor's environment, to start it again the same way. */
  processorEnv: Record<string, string>;
  processorPid: number;
  replayPid: number | null;
}

export const STATE_ENV = 'TRENDSTREAM_E2E_STATE';

export function stateFile(): string {
  const file = envVar(STATE_ENV);
  if (!file) throw new Error(`${STATE_ENV} is not set: run the suite with playwright test (global setup starts the stack)`);
  return file;
}

export function readState(file = stateFile()): StackState {
  return JSON.parse(readFileSync(file, 'utf8')) as StackState;
}

export function writeState(state: StackState, file = stateFile()): void {
  writeFileSync(file, JSON.stringify(state, null, 2));
}
