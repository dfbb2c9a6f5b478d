import { afterAll, describe, expect, it } from 'vitest';
import { topicNames } from '@trendstream/contracts/topics';
import { testKafka } from '@trendstream/testkit/kafka';
import { TopicCollector } from '@trendstream/testkit/topic-collector';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { encodePosts, generatePosts, recount } from '../support/posts.js';
import { appliedOffsets, produce, query, startProcessor, storedCounts, testStack } from '../support/stack.js';

describe('counting against the real Kafka and MariaDB', () => {
  // Posts are produced in created_at order, so none is late with the default allowed lateness.
  const stack = testStack({ FLUSH_MAX_POSTS: '300' });
  let processor: Processor | undefined;

  afterAll(async () => {
    await processor?.close();
    await dropDatabase(stack.database);
  });

  it('counts every word once per post, dedupes by URI, skips boosts, and dead-letters garbage', async () => {
    const posts = generatePosts(3_000, Date.now() - 10 * 60_000);
    const messages = encodePosts(posts);
    messages.splice(1_234, 0, { key: 'garbage', value: Buffer.from('{"not":"avro"}') });
    const started = await startProcessor(stack);
    processor = started.processor;
    await produce(stack.prefix, messages);

    await waitFor(async () => (await appliedOffsets(stack.database)) === messages.length, { what: 'every message applied', timeoutMs: 60_000 });
    const expected = recount(posts, 5_000);
    const actual = await storedCounts(stack.database);
    expect(actual.size).toBe(expected.size);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));

    const dead = await query(stack.database, 'SELECT error_code FROM dead_letters');
    expect(dead.map((row) => String(row.error_code))).toEqual(['BAD_MAGIC']);

    const deadLetters = await new TopicCollector(testKafka('processor-test'), topicNames(stack.prefix).postsDeadLetter).start();
    // The copy to posts.dlq may land after the transaction that recorded the dead letter: wait for it.
    const [copied] = await waitFor(() => (deadLetters.messages.length > 0 ? deadLetters.messages : undefined), {
      what: 'the dead letter copied to posts.dlq',
    });
    await deadLetters.stop();
    expect(copied?.value?.toString()).toBe('{"not":"avro"}');

    const response = await processor.http.inject({ url: '/api/trends?window=1h&limit=3' });
    expect(response.statusCode).toBe(200);
    const body: { words: Array<{ word: string; count: number }> } = response.json();
    expect(body.words).toHaveLength(3);
    expect(body.words[0]!.count).toBeGreaterThanOrEqual(body.words[1]!.count);
  });
});
