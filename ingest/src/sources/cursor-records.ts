import type { Logger } from 'pino';
import { z } from 'zod';

/**
 * Where each source read up to, kept in the compacted `ingest.cursors` topic so that a restarted ingest
 * resumes where the previous run's delivered records end (each source by its own means: a Mastodon gap fill
 * over REST, a Jetstream cursor). Key: `<source> <channel>`, for example `mastodon.social public`,
 * `mastodon.social hashtag:rust`, `jetstream2.us-east.bsky.network jetstream`. The value's id means what its
 * source says it means; this module only stores and groups them.
 */
export interface StoredCursor {
  /** The newest position read on that channel whose record had reached Kafka when the checkpoint was taken. */
  id: string;
  /** Wall time of the checkpoint, epoch ms. */
  savedAt: number;
}

/** Cursors older than this are not resumed from as they are: no window looks further back. */
export const RESUME_HORIZON_MS = 3_600_000;

const storedCursorSchema = z.object({ id: z.string().min(1).max(64), savedAt: z.number().int().nonnegative() });

/** A channel name: a word, optionally `:` and a value without spaces (`public`, `hashtag:rust`, `jetstream`). */
const CHANNEL = /^[a-z]+(?::\S+)?$/u;

export function cursorRecordKey(source: string, channel: string): string {
  return `${source} ${channel}`;
}

export function parseCursorRecordKey(key: string): { source: string; channel: string } | undefined {
  const space = key.indexOf(' ');
  if (space <= 0) return undefined;
  const channel = key.slice(space + 1);
  return CHANNEL.test(channel) ? { source: key.slice(0, space), channel } : undefined;
}

export function parseStoredCursor(value: string): StoredCursor | undefined {
  try {
    const parsed = storedCursorSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The latest record of every key, grouped by source; records that do not parse are logged and skipped. */
export function storedCursorsBySource(records: ReadonlyMap<string, string>, logger?: Logger): Map<string, Map<string, StoredCursor>> {
  const bySource = new Map<string, Map<string, StoredCursor>>();
  for (const [key, value] of records) {
    const parsedKey = parseCursorRecordKey(key);
    const stored = parseStoredCursor(value);
    if (!parsedKey || !stored) {
      logger?.warn({ key }, 'ignoring an ingest.cursors record that does not parse');
      continue;
    }
    const channels = bySource.get(parsedKey.source) ?? new Map<string, StoredCursor>();
    bySource.set(parsedKey.source, channels);
    channels.set(parsedKey.channel, stored);
  }
  return bySource;
}
