import type { ChildProcess } from 'node:child_process';
import { startScript } from './scripts.js';
import { waitFor } from './wait-for.js';

export interface RunningStackRunner {
  runner: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** The dashboard link it printed. */
  link: string;
}

const RUNNING = /Trendstream is running: open (\S+)/u;

/**
 * Starts `npm start` (the built devstack/dist/run-stack-main.js) with only `env` (and PATH, HOME), and waits
 * until it prints its dashboard link. Stopping it is the caller's: SIGTERM, then wait for its exit.
 */
export async function startStackRunner(args: readonly string[], env: Record<string, string>, timeoutMs = 90_000): Promise<RunningStackRunner> {
  const runner = startScript('devstack/dist/run-stack-main.js', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  runner.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  runner.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  try {
    await waitFor(
      () => {
        if (runner.exitCode !== null) throw new Error(`npm start exited with ${runner.exitCode}:\n${output}`);
        return RUNNING.test(output);
      },
      { what: 'npm start to print its link', timeoutMs, stopOnError: true },
    );
  } catch (error) {
    runner.kill('SIGTERM');
    throw error;
  }
  return { runner, output: () => output, link: RUNNING.exec(output)?.[1] ?? '' };
}
