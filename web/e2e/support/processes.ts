import { closeSync, openSync, readFileSync } from 'node:fs';
import { startScript } from '@trendstream/testkit/scripts';
import { waitFor } from '@trendstream/testkit/wait-for';

export interface Started {
  pid: number;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<string>;
}

/** Starts a built script of the repository (`processor/dist/main.js`) with its output appended to `logFile`. */
export function startNode(script: string, args: string[], env: Record<string, string>, logFile: string): Started {
  const log = openSync(logFile, 'a');
  const child = startScript(script, args, { env, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start node ${script} ${args.join(' ')}`);
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? String(code)));
    child.on('error', (error) => resolve(error.message));
  });
  return { pid: child.pid, exited };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(() => !isAlive(pid), { what: `process ${pid} to exit`, timeoutMs: graceMs, intervalMs: 200 });
  } catch {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), { what: `process ${pid} to die`, timeoutMs: 5_000, intervalMs: 200 });
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
