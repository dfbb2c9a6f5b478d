import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { encodePosts, generatePosts, recount } from '../support/posts.js';
import { appliedOffsets, produce, query, startProcessor, storedCounts, testStack } from '../support/stack.js';

describe('a MySQL failure during counting', () => {
  const stack = testStack({ FLUSH_MAX_POSTS: '200' });
  let processor: Processor | undefined;

  afterAll(async () => {
    await processor?.close().catch(() => {});
    await dropDatabase(stack.database);
  });

  it('loses nothing: the failed batches are applied once MySQL works again', async () => {
    const posts = generatePosts(2_000, Date.now() - 5 * 60_000, 100);
    const messages = encodePosts(posts);
    ({ processor } = await startProcessor(stack));
    await produce(stack.prefix, messages.slice(0, 800));
    await waitFor(async () => (await appliedOffsets(stack.database)) === 800, { what: 'first part applied', timeoutMs: 60_000 });

    // Every counting transaction fails while the post memory is gone.
    await query(stack.database, 'RENAME TABLE counted_posts TO counted_posts_away');
    await produce(stack.prefix, messages.slice(800));
    const failures = async () => Number(/^trendstream_flush_failures_total (\d+)/mu.exec((await processor!.http.inject({ url: '/metrics' })).body)?.[1]);
    await waitFor(async () => (await failures()) >= 3, { what: 'several failed flushes', timeoutMs: 60_000 });
    expect(await appliedOffsets(stack.database)).toBe(800);
    await query(stack.database, 'RENAME TABLE counted_posts_away TO counted_posts');

    await waitFor(async () => (await appliedOffsets(stack.database)) === messages.length, { what: 'every message applied after recovery', timeoutMs: 120_000 });
    expect(Object.fromEntries(await storedCounts(stack.database))).toEqual(Object.fromEntries(recount(posts, 5_000)));
  });
});
