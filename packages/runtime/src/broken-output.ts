/**
 * Our stdout or stderr has no reader any more (EPIPE: the runner that read it died, or `| head` ended). A tool
 * then has nobody to report to: runMain treats it as a stop signal, so it ends cleanly instead of writing into
 * the void (or, before, retrying the same log line forever on exit).
 */
const listeners = new Set<() => void>();
let reported = false;

export function onBrokenOutput(listener: () => void): () => void {
  listeners.add(listener);
  if (reported) listener();
  return () => listeners.delete(listener);
}

export function reportBrokenOutput(): void {
  if (reported) return;
  reported = true;
  for (const listener of listeners) listener();
}

export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}
