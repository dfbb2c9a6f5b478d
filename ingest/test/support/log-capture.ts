import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface CapturedLog {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose lines land in `lines`, so tests can check what an operator would read. */
export function captureLogs(level = 'info'): { logger: Logger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as CapturedLog);
      callback();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

export const ERROR = 50;
