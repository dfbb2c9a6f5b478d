import type { HashtagsResponse } from '@trendstream/contracts/api-types';
import { requestJson } from '../../../lib/api-client';

export function listHashtags(signal: AbortSignal): Promise<HashtagsResponse> {
  return requestJson<HashtagsResponse>('/api/hashtags', { signal });
}

export async function followHashtag(tag: string, token: string): Promise<void> {
  await requestJson<unknown>(`/api/hashtags/${encodeURIComponent(tag)}`, { method: 'PUT', token });
}

export async function unfollowHashtag(tag: string, token: string): Promise<void> {
  await requestJson<unknown>(`/api/hashtags/${encodeURIComponent(tag)}`, { method: 'DELETE', token });
}
