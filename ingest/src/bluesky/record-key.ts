const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';
/** https://atproto.com/specs/tid: 13 characters, the first one keeps the top bit zero. */
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/u;

/**
 * When a record key that is a TID was made, in epoch microseconds; undefined for any other key. A TID is a
 * 64-bit number written in base32-sortable: a zero bit, 53 bits of microseconds, 10 bits of clock id.
 */
export function tidMicros(rkey: string): number | undefined {
  if (!TID.test(rkey)) return undefined;
  let value = 0n;
  for (const char of rkey) value = value * 32n + BigInt(BASE32_SORTABLE.indexOf(char));
  return Number(value >> 10n);
}

/** The identity of a post on Bluesky: its AT URI. */
export function postUri(did: string, rkey: string): string {
  return `at://${did}/app.bsky.feed.post/${rkey}`;
}

/** Where a person opens it. */
export function postWebUrl(did: string, rkey: string): string {
  return `https://bsky.app/profile/${did}/post/${rkey}`;
}
