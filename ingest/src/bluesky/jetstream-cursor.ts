import { RESUME_HORIZON_MS, type StoredCursor } from '../sources/cursor-records.js';
import { POST_COLLECTION } from './jetstream-event.js';

/** The channel name a Jetstream source saves its cursor under in `ingest.cursors`. */
export const JETSTREAM_CHANNEL = 'jetstream';

/**
 * The `/subscribe` URL for posts only, from `cursorUs` (unix microseconds, as Jetstream's `time_us`) when
 * given: Jetstream then replays from that moment before going live.
 */
export function subscribeUrl(base: string, cursorUs: number | undefined): string {
  const url = new URL(base);
  url.searchParams.delete('wantedCollections');
  url.searchParams.append('wantedCollections', POST_COLLECTION);
  url.searchParams.delete('cursor');
  if (cursorUs !== undefined) url.searchParams.set('cursor', String(Math.max(0, Math.floor(cursorUs))));
  return url.toString();
}

/**
 * Where to resume after a restart: the saved cursor, but no further back than the horizon (no window looks
 * further back, and Jetstream keeps only about a day). A saved value that is not a number is dropped.
 */
export function resumeJetstreamCursor(stored: StoredCursor | undefined, now: number, horizonMs = RESUME_HORIZON_MS): number | undefined {
  if (!stored || !/^\d{1,17}$/u.test(stored.id)) return undefined;
  const saved = Number(stored.id);
  const floor = (now - horizonMs) * 1000;
  return saved >= floor ? saved : floor;
}
