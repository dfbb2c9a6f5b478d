import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@trendstream/runtime/logger';
import { dropDatabase, mysqlServerUrl, testDatabase } from '@trendstream/testkit/mysql';
import type { CountRow } from '../../src/counting/batch-types.js';
import { appendChanges, expireChanges, loadCountSnapshot } from '../../src/db/change-log.js';
import { compactCounts } from '../../src/db/count-compaction.js';
import { createPool, prepareDatabase, type Pool } from '../../src/db/database.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { query, storedCountRows } from '../support/stack.js';

const logger = createLogger('test', 'silent');

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const keyOf = (row: Pick<CountRow, 'scope' | 'lang' | 'bucketStart' | 'word'>) => JSON.stringify([row.scope, row.lang, row.bucketStart, row.word]);

function sum(rows: Iterable<CountRow>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(keyOf(row), (totals.get(keyOf(row)) ?? 0) + row.count);
  for (const [key, count] of totals) if (count === 0) totals.delete(key);
  return totals;
}

async function commitChanges(pool: Pool, rows: readonly CountRow[]): Promise<void> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    await appendChanges(connection, rows, Date.now());
    await connection.commit();
  } finally {
    connection.release();
  }
}

/** Folds the log until the compaction head reaches the change head. */
async function compactAll(pool: Pool, maxChanges: number): Promise<void> {
  for (;;) {
    const step = await compactCounts(pool, { maxChanges });
    if (step.to >= step.head) return;
  }
}

describe('count compaction', () => {
  const databases: string[] = [];
  afterAll(async () => {
    for (const name of databases) await dropDatabase(name);
  });

  /** Runs `test` on a fresh, migrated database of its own (dropped after the suite). */
  async function withMigratedDatabase(base: string, test: (pool: Pool, name: string) => Promise<void>): Promise<void> {
    const database = testDatabase(base);
    databases.push(database.name);
    const pool = createPool(database.url);
    try {
      await prepareDatabase(database.url, pool, logger);
      await test(pool, database.name);
    } finally {
      await pool.end();
    }
  }

  it('keeps the stored counts equal to every change logged, whatever compactions ran beside the commits', () =>
    withMigratedDatabase('ts_compact', async (pool, name) => {
      const next = random(7);
      const logged: CountRow[] = [];
      const transaction = (): CountRow[] =>
        Array.from({ length: 1 + Math.floor(next() * 40) }, () => ({
          scope: next() < 0.2 ? 'kafka' : '',
          lang: ['en', 'de', ''][Math.floor(next() * 3)]!,
          bucketStart: 1_000_000 + Math.floor(next() * 40) * 5_000,
          word: `w${Math.floor(next() * 30)}`,
          // Deletes take counts back: some totals go to zero or below and back.
          count: next() < 0.25 ? -1 : 1 + Math.floor(next() * 3),
        }));

      let writing = true;
      const writer = (async () => {
        for (let i = 0; i < 300; i += 1) {
          const rows = transaction();
          await commitChanges(pool, rows);
          logged.push(...rows);
        }
        writing = false;
      })();
      // Two processors compacting at once, in small steps, while the counting commits.
      const compactor = async (maxChanges: number) => {
        let steps = 0;
        while (writing) {
          await compactCounts(pool, { maxChanges });
          steps += 1;
        }
        return steps;
      };
      const [, stepsA, stepsB] = await Promise.all([writer, compactor(3), compactor(11)]);
      expect(stepsA + stepsB).toBeGreaterThan(10);

      const expected = sum(logged);
      // Part of the log is still unfolded: the truth is the buckets plus the log after the compaction head.
      expect(sum(await storedCountRows(name))).toEqual(expected);
      expect(sum((await loadCountSnapshot(pool, 0)).rows)).toEqual(expected);

      await compactAll(pool, 50);
      const [heads] = await query(name, 'SELECT (SELECT seq FROM count_change_head) AS changed, (SELECT seq FROM count_compaction_head) AS compacted');
      expect(Number(heads?.compacted)).toBe(300);
      expect(Number(heads?.changed)).toBe(300);
      expect(sum((await loadCountSnapshot(pool, 0)).rows)).toEqual(expected);

      // Expiry drops only folded changes, and never the newest (a reader further behind must see the gap).
      expect(await expireChanges(pool, Date.now() + 60_000)).toBe(299);
      const extra = transaction();
      await commitChanges(pool, extra);
      expect(await expireChanges(pool, Date.now() + 60_000)).toBe(1);
      const [left] = await query(name, 'SELECT MIN(seq) AS first, COUNT(*) AS n FROM count_changes');
      expect([Number(left?.first), Number(left?.n)]).toEqual([301, 1]);
      const withExtra = sum([...logged, ...extra]);
      expect(sum((await loadCountSnapshot(pool, 0)).rows)).toEqual(withExtra);
      expect(sum(await storedCountRows(name))).toEqual(withExtra);

      // The load leaves out buckets before the one asked for, from the buckets and the log alike.
      const from = 1_000_000 + 20 * 5_000;
      const recent = new Map([...withExtra].filter(([key]) => (JSON.parse(key) as [string, string, number, string])[2] >= from));
      expect(sum((await loadCountSnapshot(pool, from)).rows)).toEqual(recent);
    }));

  it('does not fold changes to buckets past the retention horizon: expiry removes those, and a part of a total is no total', () =>
    withMigratedDatabase('ts_compact_horizon', async (pool, name) => {
      await commitChanges(pool, [
        { scope: '', lang: 'en', bucketStart: 5_000, word: 'late', count: -1 },
        { scope: '', lang: 'en', bucketStart: 100_000, word: 'kept', count: 2 },
      ]);
      const step = await compactCounts(pool, { oldestBucket: 50_000 });
      expect([step.from, step.to]).toEqual([0, 1]);
      const buckets = await query(name, 'SELECT bucket_start FROM bucket_counts ORDER BY bucket_start');
      expect(buckets.map((row) => Number(row.bucket_start))).toEqual([100_000]);
    }));

  it('upgrades a database whose counts are word_counts rows: the same counts, compacted up to the change head', async () => {
    const database = testDatabase('ts_compact_upgrade');
    databases.push(database.name);
    const connection = await mysql.createConnection({ uri: mysqlServerUrl() });
    try {
      await connection.query(`CREATE DATABASE ${mysql.escapeId(database.name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      await connection.changeUser({ database: database.name });
      await connection.query(
        'CREATE TABLE schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB',
      );
      for (const migration of MIGRATIONS.filter((each) => each.version <= 3)) {
        for (const statement of migration.statements) {
          if (typeof statement === 'string') await connection.query(statement);
          else if ('sql' in statement) await connection.query(statement.sql).catch(() => {});
          else throw new Error(`schema version ${migration.version} is expected to be SQL`);
        }
        await connection.query('INSERT INTO schema_migrations VALUES (?, ?, 0)', [migration.version, migration.name]);
      }
      // Seven transactions counted; the log kept only the newest (the others expired).
      await connection.query('INSERT INTO word_counts (bucket_start, scope, lang, word, post_count) VALUES ?', [
        [
          [5_000, '', 'en', 'kafka', 3],
          [5_000, 'kafka', 'en', 'kafka', 2],
          [5_000, '', 'en', 'gone', 0],
          [10_000, '', 'ja', '東京', 1],
        ],
      ]);
      await connection.query('UPDATE count_change_head SET seq = 7');
      await connection.query("INSERT INTO count_changes (seq, format, committed_at, changes) VALUES (7, 1, 0, '')");
    } finally {
      await connection.end();
    }

    const pool = createPool(database.url);
    try {
      await prepareDatabase(database.url, pool, logger);
      expect(await query(database.name, "SHOW TABLES LIKE 'word_counts'")).toEqual([]);
      const [head] = await query(database.name, 'SELECT seq FROM count_compaction_head');
      expect(Number(head?.seq)).toBe(7);
      const expected = new Map([
        [keyOf({ scope: '', lang: 'en', bucketStart: 5_000, word: 'kafka' }), 3],
        [keyOf({ scope: 'kafka', lang: 'en', bucketStart: 5_000, word: 'kafka' }), 2],
        [keyOf({ scope: '', lang: 'ja', bucketStart: 10_000, word: '東京' }), 1],
      ]);
      expect(sum((await loadCountSnapshot(pool, 0)).rows)).toEqual(expected);
      expect(sum(await storedCountRows(database.name))).toEqual(expected);
    } finally {
      await pool.end();
    }
  });
});
