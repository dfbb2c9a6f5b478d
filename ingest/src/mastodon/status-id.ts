/**
 * Mastodon status ids are strings. Mastodon's own are Snowflake-like decimal numbers,
 * (milliseconds since epoch << 16) | sequence (lib/mastodon/snowflake.rb), so they sort by length, then
 * lexically; other servers use other schemes, which still sort lexically within one server.
 */
export function compareStatusIds(a: string, b: string): number {
  const numeric = /^\d+$/u;
  if (numeric.test(a) && numeric.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function newerStatusId(current: string | undefined, candidate: string): string {
  return current === undefined || compareStatusIds(candidate, current) > 0 ? candidate : current;
}

/** Timestamps a Snowflake id can plausibly carry: 2016 (Mastodon's first year) to 2100. */
const EARLIEST = 1_451_606_400_000n;
const LATEST = 4_102_444_800_000n;

/**
 * A `min_id` cursor moved back by `marginMs`: updates arrive out of order (a lookup per message; ~50 ms
 * normally, over a second in bursts), so a post older than the newest one seen may still be on its way.
 * Re-reading the margin costs a few duplicates, which dedupe removes. Ids that are not Snowflakes are
 * returned as they are (no margin can be computed for them).
 */
export function cursorWithMargin(id: string, marginMs: number): string {
  if (!/^\d{1,20}$/u.test(id) || marginMs <= 0) return id;
  const value = BigInt(id);
  const millis = value >> 16n;
  if (millis < EARLIEST || millis > LATEST) return id;
  return ((millis - BigInt(Math.round(marginMs))) << 16n).toString();
}

/** The smallest Snowflake id of a given time; used to tell a status's age from its id. */
export function snowflakeAt(epochMs: number): string {
  return (BigInt(Math.round(epochMs)) << 16n).toString();
}
