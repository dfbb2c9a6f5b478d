import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@trendstream/testkit/repo';
import { startScript } from '@trendstream/testkit/scripts';

/** A stack record that never exists: the default for spawned CLIs. */
const NO_STACK_FILE = path.join(os.tmpdir(), 'trendstream-tests-no-stack', 'stack.json');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  signal(name: NodeJS.Signals): void;
  done: Promise<CliRun>;
}

/**
 * Starts a built CLI (ingest/dist/NAME.js) from the repository root, as the root npm scripts do, with only
 * `env` (and PATH, HOME) in its environment, and collects what it prints.
 */
export function startCli(script: string, args: readonly string[], env: Record<string, string>): RunningCli {
  const file = path.join('ingest/dist', script);
  if (!existsSync(path.join(REPO_ROOT, file))) throw new Error(`${file} is missing: build first (npx turbo run build --filter=@trendstream/ingest)`);
  // A developer's own `npm start` must not answer for a test that sets no KAFKA_BROKERS.
  const isolated = { TRENDSTREAM_STACK_FILE: NO_STACK_FILE, ...env };
  const child = startScript(file, args, { env: isolated, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { signal: (name) => child.kill(name), done };
}

export function runCli(script: string, args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return startCli(script, args, env).done;
}
