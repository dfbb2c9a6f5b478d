import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WITH_STACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'with-stack-main.js');

describe('runners and a closed terminal', () => {
  // A runner killed by SIGHUP (the terminal window closed) left its detached broker and apps running.
  it('with-stack passes SIGHUP on to its command and exits once the command has', async () => {
    // KAFKA_BROKERS set: no broker is started, only the command runs.
    const runner = spawn(process.execPath, [WITH_STACK, '--', process.execPath, '-e', "process.stdout.write('ready\\n'); setInterval(() => {}, 1000)"], {
      env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) => runner.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
    const exited = new Promise<number | null>((resolve) => runner.on('exit', (code) => resolve(code)));
    runner.kill('SIGHUP');
    // The command died of the signal, so the runner reports a failure rather than being killed itself.
    expect(await exited).toBe(1);
  });
});
