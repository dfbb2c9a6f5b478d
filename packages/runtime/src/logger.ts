import { pino, type DestinationStream, type Logger } from 'pino';
import { isBrokenPipe, reportBrokenOutput } from './broken-output.js';

export type { Logger } from 'pino';

/**
 * Synchronous writes to a file descriptor. pino's default asynchronous destination flushes with flushSync on
 * exit, and sonic-boom's flushSync retries a failed write forever, EPIPE included: a tool whose reader had died
 * never exited. Synchronous writes fail at once instead; pino then drops further lines, and the broken pipe is
 * reported (broken-output.ts) so the tool stops. The apps log a few lines a second at most, so sync costs nothing.
 */
function fdDestination(fd: 1 | 2): DestinationStream {
  const destination = pino.destination({ dest: fd, sync: true });
  destination.on('error', (error: unknown) => {
    if (isBrokenPipe(error)) reportBrokenOutput();
  });
  return destination;
}

/** For command-line tools: logs go to stderr so stdout carries only the tool's output. */
export function createCliLogger(name: string, level: string): Logger {
  return createLogger(name, level, fdDestination(2));
}

/** Longest SQL text an error carries into a log line: mysql2 attaches the whole failed statement. */
const MAX_LOGGED_SQL = 300;

/**
 * pino's error serializer, but a failed multi-row statement (thousands of rows, megabytes) is cut to its
 * beginning: enough to see which statement failed, without flooding the log at every retry.
 */
function serializeError(error: Error): ReturnType<typeof pino.stdSerializers.err> {
  const serialized = pino.stdSerializers.err(error);
  const sql: unknown = (serialized as { sql?: unknown }).sql;
  if (typeof sql === 'string' && sql.length > MAX_LOGGED_SQL) {
    (serialized as { sql?: unknown }).sql = `${sql.slice(0, MAX_LOGGED_SQL)}… (${sql.length} characters)`;
  }
  return serialized;
}

/**
 * Structured logs (JSON, one object a line). Secrets are redacted by key wherever they appear, so a config
 * or request object can be logged without leaking a token.
 */
export function createLogger(name: string, level: string, destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    serializers: { err: serializeError },
    redact: {
      paths: ['*.accessToken', '*.adminToken', '*.token', '*.password', 'authorization', '*.authorization', 'req.headers.authorization', '*.mysqlUrl'],
      censor: '[redacted]',
    },
  };
  return pino(options, destination ?? fdDestination(1));
}
