import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/env.js';
import { runMain, type MainContext, type RunMainOptions } from '../../src/run-main.js';

/** Runs `main` under runMain with captured output; resolves with the first exit code and the lines written. */
function run(main: (context: MainContext) => Promise<number>, options: RunMainOptions = {}): { exited: Promise<number>; lines: string[] } {
  const lines: string[] = [];
  const exited = new Promise<number>((resolve) => {
    runMain('tool', main, { ...options, write: (line) => lines.push(line), exit: resolve });
  });
  return { exited, lines };
}

describe('runMain', () => {
  it("exits with the main's code", async () => {
    expect(await run(() => Promise.resolve(0)).exited).toBe(0);
    expect(await run(() => Promise.resolve(3)).exited).toBe(3);
  });

  it('exits 2 with the message alone for bad configuration', async () => {
    const { exited, lines } = run(() => Promise.reject(new ConfigError('tool: invalid configuration:\n  PORT: must be a number')));
    expect(await exited).toBe(2);
    expect(lines).toEqual(['tool: invalid configuration:\n  PORT: must be a number']);
  });

  it('exits 1 for any other error, naming the tool and the reason on the first line', async () => {
    const { exited, lines } = run(() => Promise.reject(new Error('the broker went away')));
    expect(await exited).toBe(1);
    expect(lines[0]).toBe('tool: the broker went away');
    expect(lines[1]).toContain('Error: the broker went away');
  });

  it('aborts the signal on the first stop signal, and exits at once on a second', async () => {
    let reason: unknown;
    const { exited, lines } = run(
      ({ signal }) =>
        new Promise<number>(() => {
          signal.addEventListener('abort', () => {
            reason = signal.reason;
            process.emit('SIGTERM', 'SIGTERM');
          });
        }),
      { secondSignalExitCode: 7 },
    );
    process.emit('SIGINT', 'SIGINT');
    expect(await exited).toBe(7);
    expect(reason).toBe('SIGINT');
    expect(lines).toEqual(['tool: SIGTERM again, exiting without waiting']);
  });

  it('exits 1 when the main does not return within the shutdown deadline', async () => {
    const { exited, lines } = run(() => new Promise<number>(() => {}), { shutdownDeadlineMs: 10 });
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
    expect(lines).toEqual(['tool: did not stop within 10 ms; exiting']);
  });

  it('leaves no signal handler behind once the main has returned', async () => {
    const before = process.listenerCount('SIGTERM');
    await run(() => Promise.resolve(0)).exited;
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
