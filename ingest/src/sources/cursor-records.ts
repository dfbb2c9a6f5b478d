import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChannelKey } from './channel.js';
import { snowflakeAt } from './status-id.js';

/**
 * Where each channel of each instance was read up to, kept in the compacted `ingest.cursors` topic so that a
 * restarted ingest fills the gap its downtime left over REST, exactly as it does after a reconnect.
 * Key: `<host> <channel key>` (for example `mastodon.social public`, `mastodon.social hashtag:rust`).
 */
export interface StoredCursor {
  /** The newest status id read on that channel whose record had reached Kafka when the checkpoint was taken. */
  id: string;
  /** Wall time of the checkpoint, epoch ms. */
  savedAt: number;
}

/** Cursors older than this are not resumed from as they are: no window looks further back. */
export const RESUME_HORIZON_MS = 3_600_000;

const storedCursorSchema = z.object({ id: z.string().min(1).max(64), savedAt: z.number().int().nonnegative() });

export function cursorRecordKey(host: string, channel: ChannelKey): string {
  return `${host} ${channel}`;
}

export function parseCursorRecordKey(key: string): { host: string; channel: ChannelKey } | undefined {
  const space = key.indexOf(' ');
  if (space <= 0) return undefined;
  const channel = key.slice(space + 1);
  if (channel !== 'public' && channel !== 'local' && channel !== 'remote' && !/^hashtag:\S+$/u.test(channel)) return undefined;
  return { host: key.slice(0, space), channel: channel as ChannelKey };
}

export function parseStoredCursor(value: string): StoredCursor | undefined {
  try {
    const parsed = storedCursorSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

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

/** The resumable cursors, per host, out of the latest record of every key. */
export function resumableCursors(records: ReadonlyMap<string, string>, now: number, logger?: Logger): Map<string, Map<ChannelKey, string>> {
  const byHost = new Map<string, Map<ChannelKey, string>>();
  for (const [key, value] of records) {
    const parsedKey = parseCursorRecordKey(key);
    const stored = parseStoredCursor(value);
    if (!parsedKey || !stored) {
      logger?.warn({ key }, 'ignoring an ingest.cursors record that does not parse');
      continue;
    }
    const id = resumeCursor(stored, now);
    if (id === undefined) continue;
    const channels = byHost.get(parsedKey.host) ?? new Map<ChannelKey, string>();
    byHost.set(parsedKey.host, channels);
    channels.set(parsedKey.channel, id);
  }
  return byHost;
}
