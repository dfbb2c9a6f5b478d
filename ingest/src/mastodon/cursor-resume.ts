import { RESUME_HORIZON_MS, type StoredCursor } from '../sources/cursor-records.js';
import type { ChannelKey } from './channel.js';
import { snowflakeAt } from './status-id.js';

/**
 * Where to resume a channel from after a restart. A cursor older than the horizon would make the gap fill
 * read stale posts oldest first (all of them too late to count): a Mastodon (Snowflake) id is moved up to
 * the horizon instead, any other id is dropped (the channel then starts from the live stream, as on a first start).
 */
export function resumeCursor(stored: StoredCursor, now: number, horizonMs = RESUME_HORIZON_MS): string | undefined {
  if (now - stored.savedAt <= horizonMs) return stored.id;
  const floor = snowflakeAt(now - horizonMs);
  if (!/^\d{1,20}$/u.test(stored.id)) return undefined;
  return BigInt(stored.id) > BigInt(floor) ? stored.id : floor;
}

export function isChannelKey(channel: string): channel is ChannelKey {
  return channel === 'public' || channel === 'local' || channel === 'remote' || /^hashtag:\S+$/u.test(channel);
}

/** The saved channels of one instance that it can resume, and from where. Unknown channel names are skipped. */
export function resumableChannels(stored: ReadonlyMap<string, StoredCursor>, now: number): Map<ChannelKey, string> {
  const channels = new Map<ChannelKey, string>();
  for (const [channel, cursor] of stored) {
    if (!isChannelKey(channel)) continue;
    const id = resumeCursor(cursor, now);
    if (id !== undefined) channels.set(channel, id);
  }
  return channels;
}
