import { spawn } from 'node:child_process';
import net from 'node:net';
import { constants } from 'node:os';

/**
 * `node lifeline-main.js COMMAND [ARGS...]`: runs COMMAND and stops it when the process that started this one
 * dies, however it dies. The runners start every app and the broker through it with a pipe as fd 3: the kernel
 * closes that pipe when the runner exits, even on SIGKILL, and this process then stops COMMAND (SIGTERM, then
 * SIGKILL after a grace period). Stop signals are passed on; the exit code is COMMAND's (128 + signal number
 * when a signal ended it, as a shell reports it).
 */
const GRACE_MS = 20_000;
const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: lifeline COMMAND [ARGS...] (with the parent holding fd 3)\n');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let killer: NodeJS.Timeout | undefined;

function stopChild(signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  killer ??= setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
}

for (const signal of FORWARDED) process.on(signal, () => stopChild(signal));
child.on('error', (error) => {
  process.stderr.write(`lifeline: could not start ${command}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  clearTimeout(killer);
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
});

try {
  const lifeline = new net.Socket({ fd: 3, readable: true, writable: false });
  lifeline.on('error', () => stopChild('SIGTERM'));
  lifeline.on('close', () => stopChild('SIGTERM'));
  lifeline.resume();
} catch {
  // Started without fd 3 (by hand): nothing to watch.
}
