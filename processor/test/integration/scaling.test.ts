import { afterAll, describe, expect, it } from 'vitest';
import type { TrendsResponse } from '@trendstream/contracts/api-types';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { encodePosts, generatePosts, recount } from '../support/posts.js';
import { appliedOffsets, produce, startProcessor, storedCounts, testStack } from '../support/stack.js';

describe('two processors in one consumer group', () => {
  const stack = testStack({ FLUSH_MAX_POSTS: '200', KAFKA_SESSION_TIMEOUT_MS: '6000' });
  const processors: Processor[] = [];

  afterAll(async () => {
    for (const processor of processors) await processor.close();
    await dropDatabase(stack.database);
  });

  it('share the partitions, count exactly once between them, and serve the same trends', async () => {
    const posts = generatePosts(4_000, Date.now() - 5 * 60_000, 60);
    const messages = encodePosts(posts);
    processors.push((await startProcessor(stack)).processor);
    await produce(stack.prefix, messages.slice(0, 1_500));
    // The second instance joins mid-stream: a rebalance while the first is counting.
    processors.push((await startProcessor(stack)).processor);
    await produce(stack.prefix, messages.slice(1_500));
    await waitFor(async () => (await appliedOffsets(stack.database)) === messages.length, { what: 'every message applied', timeoutMs: 120_000 });

    expect(Object.fromEntries(await storedCounts(stack.database))).toEqual(Object.fromEntries(recount(posts, 5_000)));
    const [first, second] = await Promise.all(
      processors.map(async (processor) => (await processor.http.inject({ url: '/api/trends?window=15m&limit=10' })).json<TrendsResponse>()),
    );
    expect(first!.words.length).toBe(10);
    expect(second!.words).toEqual(first!.words);
  });
});
