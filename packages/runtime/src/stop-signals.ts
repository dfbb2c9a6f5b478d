/**
 * The signals that end a runner: Ctrl-C, `kill`, and SIGHUP for a closed terminal window. A runner that died of
 * SIGHUP without handling it left its detached broker and apps running.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Calls `handler` on the first of the stop signals (each once); returns a function that removes the handlers. */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void, { once = true } = {}): () => void {
  for (const signal of STOP_SIGNALS) {
    if (once) process.once(signal, handler);
    else process.on(signal, handler);
  }
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
