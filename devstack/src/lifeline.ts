import { spawn, type ChildProcess, type StdioNull, type StdioPipe } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

/** The built lifeline-main.js (the runners run from devstack/dist, like it). */
const LIFELINE = path.join(REPO_ROOT, 'devstack', 'dist', 'lifeline-main.js');

type Output = StdioPipe | StdioNull | number;

/**
 * Starts `command` through lifeline-main.js, in a process group of its own (a Ctrl-C in the terminal reaches
 * only the runner, which stops everything in order), tied to this process by a pipe on fd 3: whatever ends
 * this process, even SIGKILL, the command is stopped too.
 */
export function spawnWithLifeline(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; stdout: Output; stderr: Output },
): ChildProcess {
  return spawn(process.execPath, [LIFELINE, command, ...args], {
    // Without env, spawn passes this process's environment on.
    ...(options.env ? { env: options.env } : {}),
    stdio: ['ignore', options.stdout, options.stderr, 'pipe'],
    detached: true,
  });
}
