import { z } from 'zod';
import { parseHashtag } from './hashtag.js';

/**
 * The followed hashtags live in the compacted `hashtags` topic: key = the normalized tag, value = the JSON
 * below, a null value (tombstone) = unfollowed. Compaction keeps the latest record per tag, so reading the
 * topic from the beginning yields the current set. Written by the hashtags CLI and the processor's
 * PUT/DELETE /api/hashtags; read by the ingest, which subscribes on every instance without a restart.
 */
export interface FollowedHashtag {
  tag: string;
  /** ISO 8601. */
  followedAt: string;
}

const followedHashtagValue = z.object({
  tag: z.string(),
  followedAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'followedAt is not an ISO 8601 date'),
});

/** A hashtag a person typed that Mastodon would not accept; `message` says why. */
export class InvalidHashtagError extends Error {
  readonly code = 'INVALID_HASHTAG';
  readonly retriable = false;
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input}" is not a valid hashtag: ${reason}`);
    this.name = 'InvalidHashtagError';
  }
}

export function normalizeHashtagOrThrow(input: string): string {
  const check = parseHashtag(input);
  if (!check.ok) throw new InvalidHashtagError(input, check.reason);
  return check.tag;
}

export interface FollowedHashtagsChange {
  added: string[];
  removed: string[];
  tags: ReadonlySet<string>;
}

export type HashtagRecordResult = { ok: true; change: 'added' | 'removed' | 'unchanged'; tag: string } | { ok: false; reason: string };

/**
 * Applies one record of the topic to the followed set (pure; the reader's core). Records this code would
 * never write (a key that is not a normalized hashtag, a value that is not the JSON above) are rejected, so
 * a bad record cannot make the ingest subscribe to a tag Mastodon refuses.
 */
export function applyHashtagRecord(state: Map<string, FollowedHashtag>, key: string | null, value: string | null): HashtagRecordResult {
  if (key === null) return { ok: false, reason: 'record has no key' };
  const check = parseHashtag(key);
  if (!check.ok) return { ok: false, reason: `key "${key}" is not a valid hashtag: ${check.reason}` };
  if (check.tag !== key) return { ok: false, reason: `key "${key}" is not normalized (expected "${check.tag}")` };
  if (value === null) {
    return { ok: true, change: state.delete(key) ? 'removed' : 'unchanged', tag: key };
  }
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { ok: false, reason: `value for "${key}" is not JSON` };
  }
  const parsed = followedHashtagValue.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `value for "${key}" is not {tag, followedAt}` };
  if (parsed.data.tag !== key) return { ok: false, reason: `value names "${parsed.data.tag}" under key "${key}"` };
  const existed = state.has(key);
  state.set(key, parsed.data);
  return { ok: true, change: existed ? 'unchanged' : 'added', tag: key };
}
