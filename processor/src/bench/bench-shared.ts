import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface PhaseResult {
  [key: string]: unknown;
}

/** Runs one phase in its own Node process (so its peak RSS is its own) and returns the JSON it prints last. */
export function runPhase(script: string, env: Record<string, string>, args: string[] = []): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'processor', 'dist', 'bench', script), ...args], {
      env: { ...process.env, ...env },
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

export function runCommand(script: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
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
