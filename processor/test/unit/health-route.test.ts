import { describe, expect, it } from 'vitest';
import type { HealthResponse } from '@trendstream/contracts/api-types';
import { createLogger } from '@trendstream/runtime/logger';
import type { HashtagDirectory } from '../../src/hashtags/hashtag-directory.js';
import type { HealthCheck } from '../../src/health/health-service.js';
import { buildHttp } from '../../src/http/build-http.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { TrendsService } from '../../src/trends/trends-service.js';

const degraded: HealthResponse = {
  status: 'degraded',
  kafka: 'up',
  mysql: 'up',
  consumerLag: 0,
  watermark: null,
  watermarkAgeSeconds: null,
  postsPerSecond: 0,
  latePosts: 0,
  deadLetters: 0,
  replay: false,
  instances: [{ instance: 'gone.example', state: 'streaming', updatedAt: '2026-01-01T00:00:00.000Z', stale: true, reportAgeSeconds: 120 }],
};

/** The HTTP surface over a health check that answers `check`; the other routes are not called. */
function http(check: HealthCheck) {
  return buildHttp({
    logger: createLogger('health-route-test', 'silent'),
    metrics: createMetrics(),
    trends: { windows: ['5m'] } as unknown as TrendsService,
    hashtags: {} as HashtagDirectory,
    adminToken: undefined,
    allowedOrigins: [],
    webDist: undefined,
    health: () => Promise.resolve(check),
  });
}

describe('GET /api/health', () => {
  it('answers 200 with a degraded body when only a source is stale: the ingest is down, not this processor', async () => {
    const response = await http({ response: degraded, working: true }).inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(degraded);
  });

  it('answers 503 when the processor itself does not work', async () => {
    const down = { ...degraded, mysql: 'down' as const, instances: [] };
    const response = await http({ response: down, working: false }).inject({ url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual(down);
  });
});
