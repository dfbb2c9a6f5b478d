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
 * immediately after the cursor, and the Link header's rel="prev" names the next newer page (its query is
 * used, on the instance's own origin; without one, min_id is the newest id of the page). Each page is
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
    next = { url: path, params: { ...params, limit: String(PAGE_LIMIT), min_id: pageNewest, ...linkQuery(prev) } };
  }
  return result;
}

/**
 * The query of the server's rel="prev" link (it may carry more than min_id), to be sent to OUR origin and
 * path. Mastodon builds its Link URLs from LOCAL_DOMAIN and its https setting, not from the request, so behind
 * a proxy, on another port or on a test server their origin differs from the configured one; following them
 * as they are would fail, or send the token to another host.
 */
function linkQuery(link: string | undefined): Record<string, string> {
  if (!link) return {};
  try {
    return Object.fromEntries(new URL(link, 'http://link.invalid').searchParams);
  } catch {
    return {};
  }
}

/**
 * A timeline refused for want of a user: Mastodon's `require_user!` answers 422 ("This method requires an
 * authenticated user") to an anonymous caller or an application token, 403 to a user who is unconfirmed,
 * unapproved or disabled, and a bad token gets 401. No retry helps; only a (user) token does.
 */
export function needsUserToken(error: unknown): error is RestError {
  return error instanceof RestError && (error.status === 401 || error.status === 403 || error.status === 422);
}

function toStatuses(json: unknown): TimelineStatus[] {
  if (!Array.isArray(json)) throw new RestError('bad-response', 'a timeline must be a JSON array');
  return json.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const record = item as Record<string, unknown>;
    return typeof record.id === 'string' ? [{ id: record.id, json: record, raw: JSON.stringify(record) }] : [];
  });
}
