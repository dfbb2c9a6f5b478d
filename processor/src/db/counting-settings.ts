import type { Pool } from './database.js';

/**
 * Records what the counting depends on besides the posts (the bucket length and the retention horizon, from
 * BUCKET_SECONDS, WINDOWS and ALLOWED_LATENESS_SECONDS), so that the Spark engine counts with exactly the
 * processor's (docs/engines.md) instead of a second copy of the configuration.
 */
export async function recordCountingSettings(pool: Pool, settings: { bucketMs: number; horizonMs: number }, now: number): Promise<void> {
  await pool.query(
    `INSERT INTO counting_settings (id, bucket_ms, horizon_ms, updated_at) VALUES (1, ?, ?, ?)
     ON DUPLICATE KEY UPDATE bucket_ms = VALUES(bucket_ms), horizon_ms = VALUES(horizon_ms), updated_at = VALUES(updated_at)`,
    [settings.bucketMs, settings.horizonMs, now],
  );
}
