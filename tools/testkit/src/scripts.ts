import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { childEnv } from './env.js';
import { REPO_ROOT } from './repo.js';

export interface ScriptOptions {
  /** The script's environment besides PATH and HOME (see childEnv). */
  env?: Record<string, string>;
  /** Ignored unless told: tests that read the output ask for pipes. */
  stdio?: StdioOptions;
}

/**
 * Starts a built script of the repository (e.g. `ingest/dist/replay-main.js`) with this Node, from the
 * repository root as the npm scripts run it, and with only the environment the test gives it.
 */
export function startScript(script: string, args: readonly string[], options: ScriptOptions = {}): ChildProcess {
  return spawn(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env: childEnv(options.env), stdio: options.stdio ?? 'ignore' });
}

/** The exit code of `child` once it has exited (null when a signal ended it). */
export function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );
}
