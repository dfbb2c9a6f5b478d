import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Conditions a freshly started or rebalancing broker reports for a few seconds, which kafkajs logs at ERROR
 * and then retries by itself. They are warnings: an operator should not be woken by a broker starting up.
 */
const TRANSIENT = [
  'The coordinator is loading',
  'The group coordinator is not available',
  'There is no leader for this topic-partition',
  'This is not the correct coordinator',
  'The group is rebalancing',
];

export function kafkaLogLevel(level: number, entry: { message?: string; error?: unknown }): 'error' | 'warn' | 'info' | 'debug' {
  const mapped = LEVELS[level] ?? 'info';
  if (mapped !== 'error') return mapped;
  const text = `${entry.message ?? ''} ${typeof entry.error === 'string' ? entry.error : ''}`;
  return TRANSIENT.some((condition) => text.includes(condition)) ? 'warn' : 'error';
}

/** Routes kafkajs' own logs into our structured logger instead of its console JSON. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      child[kafkaLogLevel(level, log)](extra, message);
    };
}

/** kafkajs logs at INFO for every group join; WARN keeps our logs readable. */
export const KAFKAJS_LOG_LEVEL = logLevel.WARN;
