import type { Admin } from 'kafkajs';
import type { HealthResponse, InstanceHealth } from '@trendstream/contracts/api-types';
import type { Pool } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';
import { countDeadLetters } from '../trends/trends-store.js';
import type { TrendsService } from '../trends/trends-service.js';
import type { ProcessingRate } from './processing-rate.js';
import { judgeSourceReports } from './source-staleness.js';

export interface HealthDeps {
  pool: Pool;
  admin: Admin;
  trends: TrendsService;
  metrics: Metrics;
  rate: ProcessingRate;
  topic: string;
  /** The last report of each source on `ingest.status`, as the ingest sent it. */
  instances: () => InstanceHealth[];
  /** A source whose last report is older than this is served as stale (SOURCE_STALE_AFTER_SECONDS). */
  sourceStaleAfterMs: number;
  /** Source of the newest counted posts: replay means the dashboard is not showing live data. */
  lastSource: () => string | null;
  countingFailure: () => Error | undefined;
  now: () => number;
}

export interface HealthCheck {
  response: HealthResponse;
  /**
   * Whether this processor itself works (Kafka, MySQL, counting); GET /api/health answers 503 when not. A stale
   * source degrades `response.status` but not this: the ingest is down, not the processor, and a container health
   * check should not flag (or restart) the processor for it.
   */
  working: boolean;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/** Each dependency's state and the pipeline's progress, for GET /api/health and the dashboard's status panel. */
export async function checkHealth(deps: HealthDeps): Promise<HealthCheck> {
  const [mysqlResult, kafkaResult] = await Promise.allSettled([
    withTimeout(Promise.all([deps.trends.progress(), countDeadLetters(deps.pool, deps.topic)]), 'MySQL'),
    withTimeout(deps.admin.fetchTopicOffsets(deps.topic), 'Kafka'),
  ]);
  const now = deps.now();
  const progress = mysqlResult.status === 'fulfilled' ? mysqlResult.value[0] : null;
  let consumerLag: number | null = null;
  if (progress && kafkaResult.status === 'fulfilled') {
    consumerLag = kafkaResult.value.reduce((lag, { partition, high, low }) => {
      const next = progress.nextOffsets.get(partition) ?? Number(low);
      return lag + Math.max(0, Number(high) - next);
    }, 0);
    deps.metrics.consumerLag.set(consumerLag);
  }
  const mysqlUp = mysqlResult.status === 'fulfilled';
  const kafkaUp = kafkaResult.status === 'fulfilled';
  const watermark = progress?.watermark ?? null;
  const working = mysqlUp && kafkaUp && !deps.countingFailure();
  const sources = judgeSourceReports(deps.instances(), now, deps.sourceStaleAfterMs);
  const response: HealthResponse = {
    status: working && !sources.anyStale ? 'ok' : 'degraded',
    kafka: kafkaUp ? 'up' : 'down',
    mysql: mysqlUp ? 'up' : 'down',
    consumerLag,
    watermark: watermark === null ? null : new Date(watermark).toISOString(),
    watermarkAgeSeconds: watermark === null ? null : Math.round((now - watermark) / 100) / 10,
    postsPerSecond: deps.rate.perSecond(now),
    latePosts: progress?.latePosts ?? 0,
    deadLetters: mysqlResult.status === 'fulfilled' ? mysqlResult.value[1] : 0,
    replay: deps.lastSource() === 'replay',
    instances: sources.instances,
  };
  return { response, working };
}
