import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  pid: number;
  output(): { stdout: string; stderr: string };
  signal(name: NodeJS.Signals): void;
  done: Promise<CliRun>;
}

/** Starts a built CLI (ingest/dist/NAME.js) from the repository root, as the root npm scripts do. */
export function startCli(script: string, args: readonly string[], env: NodeJS.ProcessEnv): RunningCli {
  const file = path.join(REPO, 'ingest/dist', script);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx turbo run build --filter=@trendstream/ingest)`);
  const child = spawn(process.execPath, [file, ...args], { cwd: REPO, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { pid: child.pid ?? -1, output: () => ({ stdout, stderr }), signal: (name) => child.kill(name), done };
}

export function runCli(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return startCli(script, args, env).done;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
