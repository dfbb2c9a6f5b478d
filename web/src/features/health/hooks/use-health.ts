import type { HealthResponse } from '@trendstream/contracts/api-types';
import { usePolling, type Polled } from '../../../lib/use-polling';
import { getHealth } from '../api/health-api';

const HEALTH_REFRESH_MS = 3_000;

/** /api/health every few seconds; the last good answer stays while a poll fails. */
export function useHealth(): Polled<HealthResponse> {
  return usePolling('health', getHealth, HEALTH_REFRESH_MS);
}
