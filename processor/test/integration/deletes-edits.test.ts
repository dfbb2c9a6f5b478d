import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import type { Post } from '@trendstream/contracts/post';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { dropDatabase, mysqlServerUrl } from '@trendstream/testkit/mysql';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { createPool } from '../../src/db/database.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { planTrends } from '../../src/trends/trend-plan.js';
import { parseDuration } from '../../src/windows/duration.js';
import { uriHash } from '../../src/counting/to-pending.js';
import { encodeRecords, generatePosts, mixedRecords, recountRecords } from '../support/posts.js';
import { queryTrends, queryWordSeries } from '../support/sql-trends.js';
import { appliedOffsets, materializeWordCounts, produce, query, startProcessor, storedCounts, testStack } from '../support/stack.js';

const BUCKET_MS = 5_000;

interface TrendsBody {
  words: Array<{ word: string; count: number }>;
}

describe('deletes, edits and recovered posts against the real Kafka and MariaDB', () => {
  const stack = testStack({ FLUSH_MAX_POSTS: '200', ALLOWED_LATENESS_SECONDS: '0' });
  const legacy = testStack();
  let processor: Processor | undefined;

  afterAll(async () => {
    await processor?.close();
    await dropDatabase(stack.database);
    await dropDatabase(legacy.database);
  });

  it('applies every delete and edit exactly, and counts posts recovered from far behind the newest in their own bucket', async () => {
    const start = Date.now() - 30 * 60_000;
    const posts = generatePosts(2_500, start, 400);
    // Recovered by a gap fill after everything newer: 15 to 5 minutes older than the newest post.
    const recovered = generatePosts(300, start + 5 * 60_000, 2_000).map((post) => ({ ...post, uri: `${post.uri}/recovered`, text: `${post.text} recovered` }));
    const planted: Post = { ...posts[100]!, uri: 'https://origin.example/statuses/planted', text: 'quokkaword quokkaword', isBoost: false };
    const records = [...mixedRecords(posts), { kind: 'post', post: planted } as const, ...recovered.map((post) => ({ kind: 'post', post }) as const)];
    records.push({
      kind: 'deleted',
      uri: planted.uri,
      statusId: planted.statusId,
      instance: planted.instance,
      receivedAt: Date.now(),
      network: planted.network,
    });

    processor = (await startProcessor(stack)).processor;
    await produce(stack.prefix, encodeRecords(records));
    await waitFor(async () => (await appliedOffsets(stack.database)) === records.length, { what: 'every record applied', timeoutMs: 90_000 });

    const expected = recountRecords(records, BUCKET_MS);
    expect(Object.fromEntries(await storedCounts(stack.database))).toEqual(Object.fromEntries(expected));
    const [late] = await query(stack.database, 'SELECT SUM(late_posts) AS n FROM partition_offsets');
    expect(Number(late?.n)).toBe(0);

    const trends = (await processor.http.inject({ url: '/api/trends?window=1h&limit=100' })).json<TrendsBody>();
    expect(trends.words.map((entry) => entry.word)).not.toContain('quokkaword');
    const zeppelin = [...expected].filter(([key]) => key.endsWith('|zeppelin')).reduce((sum, [, n]) => sum + n, 0);
    expect(zeppelin).toBeGreaterThan(0);
    const lookup = (await processor.http.inject({ url: '/api/words/zeppelin/series?window=1h' })).json<{ points: Array<{ count: number }> }>();
    expect(lookup.points.reduce((sum, point) => sum + point.count, 0)).toBe(zeppelin);
    const [applied] = await query(stack.database, 'SELECT COUNT(*) AS n FROM counted_posts WHERE kind = 2');
    expect(Number(applied?.n)).toBeGreaterThan(0);

    // The in-memory windows answer exactly what the SQL over the stored counts answers, for every window, sort and language.
    await materializeWordCounts(stack.database);
    const pool = createPool(stack.env.MYSQL_URL!);
    try {
      for (const window of ['1m', '5m', '15m', '1h']) {
        for (const lang of [undefined, 'en', 'de', 'fr']) {
          for (const sort of ['count', 'score'] as const) {
            const url = `/api/trends?window=${window}&limit=50&sort=${sort}${lang ? `&lang=${lang}` : ''}`;
            const answer = (await processor.http.inject({ url })).json<TrendsBody & { asOf: string }>();
            const plan = planTrends(Date.parse(answer.asOf), parseDuration(window)!, BUCKET_MS, 3);
            const filter = { scope: '', ...(lang ? { lang } : {}) };
            expect(answer.words, url).toEqual(await queryTrends(pool, plan, filter, 50, sort));
          }
        }
        const series = (await processor.http.inject({ url: `/api/words/stream/series?window=${window}` })).json<{ asOf: string; points: unknown[] }>();
        const plan = planTrends(Date.parse(series.asOf), parseDuration(window)!, BUCKET_MS, 3);
        expect(series.points).toEqual(await queryWordSeries(pool, 'stream', plan.window, { scope: '' }, BUCKET_MS));
      }
    } finally {
      await pool.end();
    }
  });

  it('upgrades a database from before post memory: posts already seen stay counted once and cannot be taken back', async () => {
    const connection = await mysql.createConnection({ uri: mysqlServerUrl(), multipleStatements: false });
    try {
      await connection.query(`CREATE DATABASE ${mysql.escapeId(legacy.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      await connection.changeUser({ database: legacy.database });
      await connection.query(
        'CREATE TABLE schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB',
      );
      for (const statement of MIGRATIONS[0]!.statements) {
        if (typeof statement !== 'string') throw new Error('schema version 1 is expected to be plain SQL');
        await connection.query(statement);
      }
      await connection.query('INSERT INTO schema_migrations VALUES (1, ?, 0)', [MIGRATIONS[0]!.name]);
    } finally {
      await connection.end();
    }
    const [post] = generatePosts(1, Date.now() - 60_000).map((entry) => ({ ...entry, isBoost: false, text: 'numbatword numbatword', hashtags: [] }));
    await query(legacy.database, 'INSERT INTO seen_posts (uri_hash, created_at) VALUES (?, ?)', [Buffer.from(uriHash(post!.uri), 'hex'), post!.createdAt]);

    const upgraded = (await startProcessor(legacy)).processor;
    try {
      const records: PostsTopicRecord[] = [
        { kind: 'post', post: post! },
        { kind: 'deleted', uri: post!.uri, statusId: post!.statusId, instance: post!.instance, receivedAt: Date.now(), network: post!.network },
        { kind: 'post', post: { ...post!, uri: `${post!.uri}/new` } },
      ];
      await produce(legacy.prefix, encodeRecords(records));
      await waitFor(async () => (await appliedOffsets(legacy.database)) === records.length, { what: 'every record applied' });
      const counts = await storedCounts(legacy.database);
      expect([...counts.values()]).toEqual([1]);
      expect(await query(legacy.database, "SHOW TABLES LIKE 'seen_posts'")).toEqual([]);
      const [kept] = await query(legacy.database, 'SELECT kind FROM counted_posts WHERE uri_hash = ?', [Buffer.from(uriHash(post!.uri), 'hex')]);
      expect(Number(kept?.kind)).toBe(3);
    } finally {
      await upgraded.close();
    }
  });
});
