import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured logs (JSON, one object a line). Secrets are redacted by key wherever they appear, so a config
 * or request object can be logged without leaking a token.
 */
/** For command-line tools: logs go to stderr so stdout carries only the tool's output. */
export function createCliLogger(name: string, level: string): Logger {
  return createLogger(name, level, pino.destination(2));
}

export function createLogger(name: string, level: string, destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: ['*.accessToken', '*.adminToken', '*.token', '*.password', 'authorization', '*.authorization', 'req.headers.authorization', '*.mysqlUrl'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
