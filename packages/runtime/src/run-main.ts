import { isBrokenPipe, onBrokenOutput, reportBrokenOutput } from './broken-output.js';
import { ConfigError } from './env.js';
import { STOP_SIGNALS } from './stop-signals.js';

export interface MainContext {
  /** Aborted on the first stop signal (SIGINT, SIGTERM, SIGHUP); its `reason` is the signal's name. */
  signal: AbortSignal;
}

export interface RunMainOptions {
  /**
   * After the first stop signal the main has this long to return before the process exits 1: a broker that
   * is already gone can keep kafkajs retrying for minutes. Unset: no deadline.
   */
  shutdownDeadlineMs?: number;
  /** Exit code when a second stop signal arrives before the main returned. Default 130 (as for Ctrl-C). */
  secondSignalExitCode?: number;
  /**
   * Leave the stop signals alone: for runners that stop their children in order themselves. `context.signal`
   * is then never aborted. Default: false.
   */
  ownSignalHandling?: boolean;
  /** Errors whose message says it all: their stack is not printed (e.g. a tool's own error class). */
  expectedErrors?: ReadonlyArray<abstract new (...args: never[]) => Error>;
  /** Where the one-line messages go; tests pass their own. Default: stderr. */
  write?: (line: string) => void;
  /** Default: process.exit. */
  exit?: (code: number) => void;
}

/**
 * The one way every entry point ends: `main` returns the exit code. A ConfigError thrown anywhere exits 2 with
 * its message (which lists every bad variable); any other error exits 1 with `NAME: message` on one line and
 * the stack after it. Stop signals abort `context.signal`; a second one exits at once.
 */
export function runMain(name: string, main: (context: MainContext) => Promise<number>, options: RunMainOptions = {}): void {
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const exitProcess = options.exit ?? ((code: number) => process.exit(code));
  let deadline: NodeJS.Timeout | undefined;
  const exit = (code: number): void => {
    clearTimeout(deadline);
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    exitProcess(code);
  };
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      write(`${name}: ${signal} again, exiting without waiting`);
      exit(options.secondSignalExitCode ?? 130);
      return;
    }
    stop.abort(signal);
    if (options.shutdownDeadlineMs !== undefined) {
      const deadlineMs = options.shutdownDeadlineMs;
      deadline = setTimeout(() => {
        write(`${name}: did not stop within ${deadlineMs} ms; exiting`);
        exit(1);
      }, deadlineMs).unref();
    }
  };
  if (!options.ownSignalHandling) {
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    // Nobody reads our output any more: stop as on a signal (a second broken write must not exit at once).
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (error) => {
        if (!isBrokenPipe(error)) throw error;
        reportBrokenOutput();
      });
    }
    onBrokenOutput(() => {
      if (!stop.signal.aborted) onSignal('SIGPIPE');
    });
  }

  main({ signal: stop.signal }).then(
    (code) => exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        write(error.message);
        exit(2);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      write(`${name}: ${message}`);
      const expected = options.expectedErrors?.some((type) => error instanceof type) ?? false;
      if (!expected && error instanceof Error && error.stack) write(error.stack);
      exit(1);
    },
  );
}
