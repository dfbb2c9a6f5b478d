import type mysql from 'mysql2/promise';
import { moveWordCountsIntoBuckets } from './word-counts-upgrade.js';

/**
 * Versioned schema changes, applied in order by `migrate`. Each step is idempotent (IF NOT EXISTS) so a
 * migration interrupted half-way can simply run again. SQL here must run unchanged on MySQL 8.4 and
 * MariaDB 10.11: utf8mb4_bin exists on both (MySQL's 0900 collations do not exist on MariaDB).
 */
export interface Migration {
  version: number;
  name: string;
  statements: Array<string | Statement | CodeStep>;
}

/** A step SQL alone cannot take (data rewritten by the processor's own code); it must be safe to run again. */
export interface CodeStep {
  run: (connection: mysql.PoolConnection) => Promise<void>;
}

/** A statement whose listed error codes mean "already done" when a half-applied migration runs again. */
export interface Statement {
  sql: string;
  alreadyDoneWhen: readonly string[];
}

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'word counts, post counts, dedupe, offsets, dead letters',
    statements: [
      // Bucket first: windows are bucket ranges, and expiry deletes the oldest buckets.
      `CREATE TABLE IF NOT EXISTS word_counts (
        bucket_start BIGINT NOT NULL COMMENT 'event-time bucket start, epoch ms',
        scope VARCHAR(101) NOT NULL COMMENT '"" for all posts, else a followed hashtag',
        lang VARCHAR(8) NOT NULL COMMENT 'post language, "" when unknown',
        word VARCHAR(100) NOT NULL,
        post_count INT UNSIGNED NOT NULL COMMENT 'posts containing the word (document frequency)',
        PRIMARY KEY (bucket_start, scope, lang, word)
      ) ${TABLE_OPTIONS}`,
      `CREATE TABLE IF NOT EXISTS post_counts (
        bucket_start BIGINT NOT NULL,
        scope VARCHAR(101) NOT NULL,
        lang VARCHAR(8) NOT NULL,
        posts INT UNSIGNED NOT NULL,
        PRIMARY KEY (bucket_start, scope, lang)
      ) ${TABLE_OPTIONS}`,
      `CREATE TABLE IF NOT EXISTS seen_posts (
        uri_hash BINARY(16) NOT NULL COMMENT 'MD5 of the status URI',
        created_at BIGINT NOT NULL,
        PRIMARY KEY (uri_hash),
        KEY seen_posts_by_time (created_at)
      ) ${TABLE_OPTIONS}`,
      `CREATE TABLE IF NOT EXISTS partition_offsets (
        consumer_group VARCHAR(255) NOT NULL,
        topic VARCHAR(255) NOT NULL,
        partition_id INT NOT NULL,
        next_offset BIGINT NOT NULL,
        max_event_time BIGINT NULL,
        last_advance_at BIGINT NULL COMMENT 'wall time at which max_event_time last moved',
        late_posts BIGINT NOT NULL DEFAULT 0,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (consumer_group, topic, partition_id)
      ) ${TABLE_OPTIONS}`,
      `CREATE TABLE IF NOT EXISTS dead_letters (
        topic VARCHAR(255) NOT NULL,
        partition_id INT NOT NULL,
        kafka_offset BIGINT NOT NULL,
        error_code VARCHAR(32) NOT NULL,
        reason VARCHAR(1000) NOT NULL,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (topic, partition_id, kafka_offset)
      ) ${TABLE_OPTIONS}`,
    ],
  },
  {
    version: 2,
    name: 'post memory for deletes and edits, signed count changes',
    statements: [
      // Replaces seen_posts: besides "seen" it remembers what a post was counted as, so a delete or an edit can
      // take its words back. One row per post, like the table it replaces.
      `CREATE TABLE IF NOT EXISTS counted_posts (
        uri_hash BINARY(16) NOT NULL COMMENT 'MD5 of the post identity (status URI)',
        created_at BIGINT NOT NULL COMMENT 'event time the post counts at, epoch ms; expiry goes by it',
        kind TINYINT UNSIGNED NOT NULL COMMENT '0 counted, 1 boost, 2 deleted, 3 counted before words were remembered',
        lang VARCHAR(8) NOT NULL,
        scopes TEXT NOT NULL COMMENT 'JSON array of the scopes it was counted under',
        tokens MEDIUMTEXT NOT NULL COMMENT 'JSON array of the words it was counted with',
        PRIMARY KEY (uri_hash),
        KEY counted_posts_by_time (created_at)
      ) ${TABLE_OPTIONS}`,
      {
        sql: `INSERT IGNORE INTO counted_posts (uri_hash, created_at, kind, lang, scopes, tokens)
              SELECT uri_hash, created_at, 3, '', '[]', '[]' FROM seen_posts`,
        alreadyDoneWhen: ['ER_NO_SUCH_TABLE'],
      },
      'DROP TABLE IF EXISTS seen_posts',
      // A delete takes counts back: a change may be negative, and a row may reach zero.
      'ALTER TABLE word_counts MODIFY post_count INT NOT NULL',
      'ALTER TABLE post_counts MODIFY posts INT NOT NULL',
    ],
  },
  {
    version: 3,
    name: 'count change log',
    statements: [
      `CREATE TABLE IF NOT EXISTS count_changes (
        seq BIGINT NOT NULL COMMENT 'gap-free, in commit order (count_change_head)',
        format TINYINT UNSIGNED NOT NULL,
        committed_at BIGINT NOT NULL COMMENT 'wall time, epoch ms; expiry goes by it',
        changes MEDIUMBLOB NOT NULL COMMENT 'the transaction''s word-count changes (db/change-log.ts)',
        PRIMARY KEY (seq),
        KEY count_changes_by_time (committed_at)
      ) ${TABLE_OPTIONS}`,
      `CREATE TABLE IF NOT EXISTS count_change_head (
        id TINYINT UNSIGNED NOT NULL,
        seq BIGINT NOT NULL,
        PRIMARY KEY (id)
      ) ${TABLE_OPTIONS}`,
      'INSERT IGNORE INTO count_change_head (id, seq) VALUES (1, 0)',
    ],
  },
  {
    version: 4,
    name: 'word counts compacted per bucket',
    statements: [
      // The counting writes only the change log; compaction folds it into one row per bucket (db/bucket-counts.ts).
      `CREATE TABLE IF NOT EXISTS bucket_counts (
        bucket_start BIGINT NOT NULL COMMENT 'event-time bucket start, epoch ms',
        format TINYINT UNSIGNED NOT NULL,
        cells INT UNSIGNED NOT NULL COMMENT '(scope, lang, word) totals the blob holds',
        counts MEDIUMBLOB NOT NULL COMMENT 'the bucket''s totals up to the compaction head',
        PRIMARY KEY (bucket_start)
      ) ${TABLE_OPTIONS}`,
      `CREATE TABLE IF NOT EXISTS count_compaction_head (
        id TINYINT UNSIGNED NOT NULL,
        seq BIGINT NOT NULL COMMENT 'every change up to this one is in bucket_counts',
        PRIMARY KEY (id)
      ) ${TABLE_OPTIONS}`,
      'INSERT IGNORE INTO count_compaction_head (id, seq) VALUES (1, 0)',
      { run: moveWordCountsIntoBuckets },
      'DROP TABLE IF EXISTS word_counts',
    ],
  },
  {
    version: 5,
    name: 'counting settings for every engine',
    statements: [
      // Written by the processor at start (db/counting-settings.ts); the Spark engine counts with them.
      `CREATE TABLE IF NOT EXISTS counting_settings (
        id TINYINT UNSIGNED NOT NULL,
        bucket_ms BIGINT NOT NULL COMMENT 'event-time bucket length (BUCKET_SECONDS)',
        horizon_ms BIGINT NOT NULL COMMENT 'retention horizon: the windows, the trend baseline and the allowed lateness',
        engine VARCHAR(16) NOT NULL COMMENT 'COUNTING_ENGINE of the processor that recorded them: the Spark engine counts only under spark',
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (id)
      ) ${TABLE_OPTIONS}`,
    ],
  },
];
