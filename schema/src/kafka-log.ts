import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs' own logs into our structured logger instead of its console JSON. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      child[LEVELS[level] ?? 'info'](extra, message);
    };
}

/** kafkajs logs at INFO for every group join; WARN keeps our logs readable. */
export const KAFKAJS_LOG_LEVEL = logLevel.WARN;
