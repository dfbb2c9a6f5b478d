import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@trendstream/testkit/repo';

export { REPO_ROOT };
/** Where each run's JSON (and its git-ignored CPU profile) goes; latest.json is the last run. */
export const RESULTS_DIR = path.join(REPO_ROOT, 'tools', 'bench', 'results');

export interface PhaseResult {
  [key: string]: unknown;
}

/**
 * Runs one phase (a `*-phase-main.js` of this package) in its own Node process, so its peak RSS is its own,
 * and returns the JSON it prints last. `env` is the phase's whole environment.
 */
export function runPhase(script: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), script), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as PhaseResult);
      } catch {
        reject(new Error(`${script} printed no result: ${output.slice(-500)}`));
      }
    });
  });
}

/** Runs a repository script (`ingest/dist/replay-main.js`) with `env` as its whole environment. */
export function runCommand(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, script), ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

/** The sum of a Prometheus counter over its label sets, in a /metrics body. */
export function metricSum(body: string, name: string): number {
  return body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function peakRssMb(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function print(result: PhaseResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function progress(line: string): void {
  process.stderr.write(`  ${line}\n`);
}
