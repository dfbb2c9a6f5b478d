import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { encodeRecords, generatePosts, mixedRecords, recountRecords } from '../../support/posts.js';

export const BUCKET_MS = 5_000;

export interface Workload {
  records: PostsTopicRecord[];
  messages: Array<{ key: string; value: Buffer }>;
  /** The independent recount of the records (test/support/posts.ts), keyed `bucket|lang|word`. */
  expected: Map<string, number>;
}

/**
 * At least `posts` generated posts (a tenth duplicates from a second instance, boosts among them) with edits and
 * deletes mixed in every order the sources produce, ending now: within the retention horizon, so nothing is late.
 */
export function faultWorkload(posts = 100_000): Workload {
  const spacingMs = 100;
  const generated = generatePosts(posts, Date.now() - posts * spacingMs, spacingMs);
  const records = mixedRecords(generated);
  return { records, messages: encodeRecords(records), expected: recountRecords(records, BUCKET_MS) };
}
