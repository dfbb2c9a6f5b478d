/**
 * Versioned schema changes, applied in order by `migrate`. Each statement is idempotent (IF NOT EXISTS) so a
 * migration interrupted half-way can simply run again. SQL here must run unchanged on MySQL 8.4 and
 * MariaDB 10.11: utf8mb4_bin exists on both (MySQL's 0900 collations do not exist on MariaDB).
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
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
];
