import { describe, expect, it } from 'vitest';
import { exitCode, startScript } from '@trendstream/testkit/scripts';

describe('runners and a closed terminal', () => {
  // A runner killed by SIGHUP (the terminal window closed) left its detached broker and apps running.
  it('with-stack passes SIGHUP on to its command and exits once the command has', async () => {
    // KAFKA_BROKERS set: no broker is started, only the command runs.
    const runner = startScript(
      'devstack/dist/with-stack-main.js',
      ['--', process.execPath, '-e', "process.stdout.write('ready\\n'); setInterval(() => {}, 1000)"],
      {
        env: { KAFKA_BROKERS: '127.0.0.1:1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((resolve) => runner.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
    const exited = exitCode(runner);
    runner.kill('SIGHUP');
    // The command died of the signal, so the runner reports a failure rather than being killed itself.
    expect(await exited).toBe(1);
  });
});
