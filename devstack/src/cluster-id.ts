import { randomBytes } from 'node:crypto';

/**
 * A cluster id for `kafka-storage format -t`: 16 random bytes in unpadded base64url, as Kafka's own
 * `Uuid.randomUuid()` makes them. Like Kafka, never one that starts with '-': the storage tool's argument
 * parser would read it as an option and refuse the command (about one id in 64).
 */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
