import { afterAll, describe, expect, it } from 'vitest';
import { topicNames } from '@trendstream/contracts/topics';
import { testKafka } from '@trendstream/testkit/kafka';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { waitFor } from '@trendstream/testkit/wait-for';
import { encodePosts, generatePosts, recount } from '../support/posts.js';
import { appliedOffsets, produce, startProcessor, storedCounts, testStack } from '../support/stack.js';

// A fresh broker (or a deleted and re-created topic) under a database that kept its offsets: the stored offsets
// point past the end of the new partition. Kept, they made the new topic's first messages look applied already.
describe('a posts topic created again while MySQL kept its offsets', () => {
  const stack = testStack({ POSTS_PARTITIONS: '1' });

  afterAll(async () => {
    await dropDatabase(stack.database);
  });

  it('counts the new topic from its start instead of skipping what lies below the old offsets', async () => {
    const before = generatePosts(60, Date.now() - 20 * 60_000);
    const first = await startProcessor(stack);
    await produce(stack.prefix, encodePosts(before));
    await waitFor(async () => (await appliedOffsets(stack.database)) === before.length, { what: 'the first topic applied', timeoutMs: 60_000 });
    await first.processor.close();

    const admin = testKafka('processor-test').admin();
    await admin.connect();
    const { posts } = topicNames(stack.prefix);
    await admin.deleteTopics({ topics: [posts] });
    await waitFor(async () => !(await admin.listTopics()).includes(posts), { what: 'the topic to be gone', timeoutMs: 30_000 });
    await admin.disconnect();

    // New URIs (a later start), so no post of the new topic is a duplicate of one counted before.
    const after = generatePosts(25, Date.now() - 5 * 60_000).map((post) => ({ ...post, uri: `${post.uri}/again` }));
    const second = await startProcessor(stack);
    try {
      await produce(stack.prefix, encodePosts(after));
      await waitFor(async () => (await appliedOffsets(stack.database)) === after.length, { what: 'the new topic applied', timeoutMs: 60_000 });
      expect(Object.fromEntries(await storedCounts(stack.database))).toEqual(Object.fromEntries(recount([...before, ...after], 5_000)));
    } finally {
      await second.processor.close();
    }
  });
});
