import { createLogger } from '@trendstream/runtime/logger';
import type { Pool } from '../../../src/db/database.js';
import type { TrendsService, TrendsSettings } from '../../../src/trends/trends-service.js';
import { CountFeed } from '../../../src/windows/count-feed.js';
import { parseDuration } from '../../../src/windows/duration.js';
import { WindowIndex } from '../../../src/windows/window-index.js';

export const WINDOWS = ['1m', '5m', '15m', '1h'];

/** A database with no rows: every query, on the pool or on a connection, answers an empty result. */
export const emptyPool = (() => {
  const query = () => Promise.resolve([[], []]);
  const connection = { query, release: () => {} };
  return { query, getConnection: () => Promise.resolve(connection) } as unknown as Pool;
})();

/**
 * A real TrendsService (window arithmetic, in-memory windows, plans) over a database with no rows, as main
 * builds it: the bad-input tests look at what reaches it and that it answers, not at counts. `Service` is
 * TrendsService or a subclass of it that records calls; the constructor's arguments are known only here.
 */
export async function trendsServiceOverEmptyDatabase<S extends TrendsService>(
  Service: new (...args: ConstructorParameters<typeof TrendsService>) => S,
  { windows = WINDOWS, bucketMs = 60_000, now = () => Date.UTC(2026, 11, 5, 12) }: { windows?: string[]; bucketMs?: number; now?: () => number } = {},
): Promise<S> {
  const settings: TrendsSettings = { windows, bucketMs, allowedLatenessMs: 10_000, idleAfterMs: 30_000, offsets: { group: 'g', topic: 'posts' } };
  const windowsMs = windows.map((name) => parseDuration(name) ?? 0);
  const counts = new CountFeed(emptyPool, {
    create: () => new WindowIndex({ bucketMs, windowsMs, minCount: 3 }),
    oldestBucket: () => 0,
    logger: createLogger('test', 'silent'),
  });
  await counts.start();
  return new Service(emptyPool, counts, settings, now);
}
