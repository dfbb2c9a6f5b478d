import type { Pool } from './database.js';

/**
 * Records what the counting depends on besides the posts (the bucket length and the retention horizon, from
 * BUCKET_SECONDS, WINDOWS and ALLOWED_LATENESS_SECONDS), so that the Spark engine counts with exactly the
 * processor's (docs/engines.md) instead of a second copy of the configuration, and which engine the processor was
 * told counts: the Spark engine refuses to count beside a processor that counts itself.
 */
export async function recordCountingSettings(
  pool: Pool,
  settings: { bucketMs: number; horizonMs: number; engine: 'processor' | 'spark' },
  now: number,
): Promise<void> {
  await pool.query(
    `INSERT INTO counting_settings (id, bucket_ms, horizon_ms, engine, updated_at) VALUES (1, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE bucket_ms = VALUES(bucket_ms), horizon_ms = VALUES(horizon_ms), engine = VALUES(engine), updated_at = VALUES(updated_at)`,
    [settings.bucketMs, settings.horizonMs, settings.engine, now],
  );
}
