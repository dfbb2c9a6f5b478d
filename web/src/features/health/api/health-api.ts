import type { HealthResponse } from '@trendstream/contracts/api-types';
import { requestJson } from '../../../lib/api-client';

export function getHealth(signal: AbortSignal): Promise<HealthResponse> {
  return requestJson<HealthResponse>('/api/health', { signal });
}
