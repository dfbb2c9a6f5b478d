import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { prettyFactory } from 'pino-pretty';

/**
 * `npm start` is read by a person, while the apps log JSON lines for machines: each line becomes
 * `[HH:MM:ss] LEVEL (app): message {fields}`. A line that is not a log record passes through unchanged.
 */
export function createLogFormatter(colorize: boolean): (line: string) => string {
  return prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
}

/** Writes every line of `source` to `destination` through `format`; `onLine` sees each raw line first. */
export function pipeFormatted(source: Readable, destination: Writable, format: (line: string) => string, onLine?: (line: string) => void): void {
  createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
    onLine?.(line);
    destination.write(format(line));
  });
}
