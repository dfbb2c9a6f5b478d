import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** For command-line tools: logs go to stderr so stdout carries only the tool's output. */
export function createCliLogger(name: string, level: string): Logger {
  return createLogger(name, level, pino.destination(2));
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
  return destination ? pino(options, destination) : pino(options);
}
