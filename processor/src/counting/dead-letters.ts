import type { Producer } from 'kafkajs';
import type { Logger } from '@trendstream/runtime/logger';
import type { PendingMessage } from './batch-types.js';

/**
 * Copies undecodable messages to the dead-letter topic, with where they came from and why. Called before the
 * transaction that moves past them: at least once, so a crash in between can copy one twice, never zero times.
 */
export async function copyDeadLetters(
  producer: Producer,
  topics: { source: string; deadLetter: string },
  messages: readonly PendingMessage[],
  logger: Logger,
): Promise<void> {
  const dead = messages.filter((message) => message.kind === 'dead');
  if (dead.length === 0) return;
  await producer.send({
    topic: topics.deadLetter,
    messages: dead.map((message) => ({
      key: message.key,
      value: message.value,
      headers: {
        'trendstream-source': `${topics.source}/${message.partition}/${message.offset}`,
        'trendstream-error': `${message.code}: ${message.reason}`,
      },
    })),
  });
  for (const message of dead) {
    logger.warn(
      { partition: message.partition, offset: message.offset, code: message.code, reason: message.reason },
      'message could not be decoded; sent to the dead-letter topic',
    );
  }
}
