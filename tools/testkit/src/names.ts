import { randomBytes } from 'node:crypto';

/** Eight random hex digits: enough that two test runs on one broker or database server never meet. */
function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/**
 * `base` and a random suffix, joined by "_" so the name is valid everywhere a test needs one: a MySQL
 * database, a Kafka topic prefix or consumer group, a hashtag.
 */
export function uniqueName(base: string): string {
  return `${base}_${uniqueSuffix()}`;
}
