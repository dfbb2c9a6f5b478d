import { timelinePath, type Channel } from './channel.js';
import { parseLinkHeader } from './link-header.js';
import type { MastodonRestClient } from './rest-client.js';
import { RestError } from './rest-client.js';
import { compareStatusIds, newerStatusId } from './status-id.js';

/** Mastodon's maximum page size for timelines. */
export const PAGE_LIMIT = 40;

/** A status as the REST API returned it, with its JSON text for `record`. */
export interface TimelineStatus {
  id: string;
  json: Record<string, unknown>;
  raw: string;
}

export interface ReadResult {
  pages: number;
  statuses: number;
  newestId: string | undefined;
  /** False when MASTODON_GAP_FILL_MAX_PAGES stopped the read before the newest status. */
  reachedHead: boolean;
}

/**
 * Reads a timeline forward from `minId` (exclusive), oldest page first: `min_id` returns the page
 * immediately after the cursor, and the Link header's rel="prev" points at the next newer page. Each page is
 * handed over oldest status first. Without `minId`, reads only the newest page (a starting point for polling).
 *
 * A gap fill stops only at an empty page: should a server ever return a short page before the newest
 * status, stopping there would lose the rest of the gap for good. Polling passes `stopAtShortPage` and saves
 * that last request: whatever a short page might have hidden is read by the next poll, from the same cursor.
 */
export async function readTimelineForward(
  rest: MastodonRestClient,
  channel: Channel,
  minId: string | undefined,
  options: { maxPages: number; signal: AbortSignal; onPage: (statuses: TimelineStatus[]) => void; stopAtShortPage?: boolean },
): Promise<ReadResult> {
  const { path, params } = timelinePath(channel);
  let next: { url: string; params: Record<string, string> } | undefined = {
    url: path,
    params: { ...params, limit: String(PAGE_LIMIT), ...(minId ? { min_id: minId } : {}) },
  };
  const result: ReadResult = { pages: 0, statuses: 0, newestId: undefined, reachedHead: true };
  while (next) {
    if (result.pages >= options.maxPages) {
      result.reachedHead = false;
      break;
    }
    const response = await rest.get(next.url, next.params, options.signal);
    result.pages += 1;
    const statuses = toStatuses(response.json);
    if (statuses.length === 0) break;
    statuses.sort((a, b) => compareStatusIds(a.id, b.id));
    options.onPage(statuses);
    result.statuses += statuses.length;
    const pageNewest = statuses.at(-1)?.id;
    if (!pageNewest || (result.newestId !== undefined && compareStatusIds(pageNewest, result.newestId) <= 0)) break;
    result.newestId = newerStatusId(result.newestId, pageNewest);
    if (!minId || (options.stopAtShortPage && statuses.length < PAGE_LIMIT)) break;
    const prev = parseLinkHeader(response.headers.get('link')).get('prev');
    // Follow the server's own link (it may carry more than min_id); build one if it sent none.
    next = prev ? { url: prev, params: {} } : { url: path, params: { ...params, limit: String(PAGE_LIMIT), min_id: pageNewest } };
  }
  return result;
}

function toStatuses(json: unknown): TimelineStatus[] {
  if (!Array.isArray(json)) throw new RestError('bad-response', 'a timeline must be a JSON array');
  return json.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const record = item as Record<string, unknown>;
    return typeof record.id === 'string' ? [{ id: record.id, json: record, raw: JSON.stringify(record) }] : [];
  });
}
