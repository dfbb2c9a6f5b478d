import { createHash } from 'node:crypto';

/**
 * Bluesky Jetstream's JSON frames (the legacy `/subscribe` wire, https://github.com/bluesky-social/jetstream)
 * and builders of realistic ones for tests and the benchmark. Records follow the lexicons
 * (https://github.com/bluesky-social/atproto/tree/main/lexicons/app/bsky): facets index the text in UTF-8
 * **bytes**, record keys and revisions are TIDs (https://atproto.com/specs/tid).
 */
export type JetstreamRecord = { $type: string; [key: string]: unknown };

export type FacetFeature =
  | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  | { $type: 'app.bsky.richtext.facet#link'; uri: string }
  | { $type: 'app.bsky.richtext.facet#mention'; did: string };

export interface Facet {
  /** UTF-8 byte offsets into the post's text, end exclusive. */
  index: { byteStart: number; byteEnd: number };
  features: FacetFeature[];
}

export type PostRecord = {
  $type: 'app.bsky.feed.post';
  text: string;
  createdAt: string;
  langs?: string[];
  facets?: Facet[];
  /** Extra hashtags that are not in the text (no "#"). */
  tags?: string[];
  [key: string]: unknown;
};

export interface JetstreamCommitWrite {
  rev: string;
  operation: 'create' | 'update';
  collection: string;
  rkey: string;
  record: JetstreamRecord;
  cid: string;
}

/** A delete carries neither record nor cid. */
export interface JetstreamCommitDelete {
  rev: string;
  operation: 'delete';
  collection: string;
  rkey: string;
}

export interface JetstreamCommitEvent {
  did: string;
  /** When Jetstream saw the event, in unix microseconds: the replay cursor. */
  time_us: number;
  kind: 'commit';
  commit: JetstreamCommitWrite | JetstreamCommitDelete;
}

export interface JetstreamIdentityEvent {
  did: string;
  time_us: number;
  kind: 'identity';
  identity: { did: string; handle?: string; seq: number; time: string };
}

export interface JetstreamAccountEvent {
  did: string;
  time_us: number;
  kind: 'account';
  account: { active: boolean; did: string; seq: number; time: string; status?: string };
}

export type JetstreamEvent = JetstreamCommitEvent | JetstreamIdentityEvent | JetstreamAccountEvent;

/** An event before the server stamps it: `time_us` is optional. */
type Unstamped<T> = Omit<T, 'time_us'> & { time_us?: number };
export type JetstreamCommitEventInput = Unstamped<JetstreamCommitEvent>;
export type JetstreamEventInput = JetstreamCommitEventInput | Unstamped<JetstreamIdentityEvent> | Unstamped<JetstreamAccountEvent>;

export const POST_COLLECTION = 'app.bsky.feed.post';
export const LIKE_COLLECTION = 'app.bsky.feed.like';

const SORTABLE_BASE32 = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * A TID: 13 characters of base32-sortable encoding a 64-bit integer whose top bit is 0, then 53 bits of
 * microseconds since the epoch, then a 10-bit clock id. TIDs sort as strings in time order.
 */
export function tid(micros: number, clockId = 0): string {
  if (!Number.isSafeInteger(micros) || micros < 0) throw new Error(`tid: micros must be a non-negative safe integer, got ${micros}`);
  if (!Number.isInteger(clockId) || clockId < 0 || clockId > 1023) throw new Error(`tid: clockId must be 0..1023, got ${clockId}`);
  let value = (BigInt(micros) << 10n) | BigInt(clockId);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = SORTABLE_BASE32.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}

let lastTidMicros = 0;

/** A TID for "now", strictly after the previous one from this module (as a client's clock would make). */
export function nextTid(clockId = 0): string {
  lastTidMicros = Math.max(Date.now() * 1000, lastTidMicros + 1);
  return tid(lastTidMicros, clockId);
}

export function atUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

/** A syntactically valid `did:plc:` (24 base32 characters), the same for the same seed. */
export function plcDid(seed: string | number): string {
  return `did:plc:${base32(createHash('sha256').update(`did:${seed}`).digest()).slice(0, 24)}`;
}

/** A CIDv1 (dag-cbor, sha-256) string over the record's JSON: the right shape, though not the real DAG-CBOR hash. */
export function recordCid(record: JetstreamRecord): string {
  const digest = createHash('sha256').update(JSON.stringify(record)).digest();
  return `b${base32(Buffer.concat([Buffer.from([0x01, 0x71, 0x12, 0x20]), digest]))}`;
}

export interface PostOptions {
  did?: string;
  rkey?: string;
  /** The commit's revision (a TID); a fresh one unless given. */
  rev?: string;
  text?: string;
  createdAt?: string | Date;
  langs?: string[];
  /** The record's `tags` field: hashtags that are not in the text. */
  tags?: string[];
  /** Appended to the text as ` #tag`, each with a #tag facet (the tag without "#"). */
  hashtags?: string[];
  /** Appended to the text, each with a #link facet; `{ uri, text }` shows a shortened text as the apps do. */
  links?: (string | { uri: string; text: string })[];
  /** Appended to the text as ` @handle`, each with a #mention facet. */
  mentions?: { did: string; handle: string }[];
  /** More record fields (reply, embed, ...), merged in last. */
  extra?: Record<string, unknown>;
}

/** A post as the apps make it: hashtags, links and mentions rendered into the text with byte-offset facets. */
export function postRecord(options: PostOptions = {}): PostRecord {
  let text = options.text ?? '';
  const facets: Facet[] = [];
  const append = (shown: string, feature: FacetFeature): void => {
    if (text.length > 0) text += ' ';
    const byteStart = Buffer.byteLength(text, 'utf8');
    text += shown;
    facets.push({ index: { byteStart, byteEnd: byteStart + Buffer.byteLength(shown, 'utf8') }, features: [feature] });
  };
  for (const hashtag of options.hashtags ?? []) {
    const tag = hashtag.replace(/^#/u, '');
    append(`#${tag}`, { $type: 'app.bsky.richtext.facet#tag', tag });
  }
  for (const link of options.links ?? []) {
    const { uri, text: shown } = typeof link === 'string' ? { uri: link, text: link } : link;
    append(shown, { $type: 'app.bsky.richtext.facet#link', uri });
  }
  for (const mention of options.mentions ?? []) append(`@${mention.handle}`, { $type: 'app.bsky.richtext.facet#mention', did: mention.did });
  const createdAt = options.createdAt ?? new Date();
  return {
    $type: POST_COLLECTION,
    text,
    createdAt: typeof createdAt === 'string' ? createdAt : createdAt.toISOString(),
    ...(options.langs ? { langs: options.langs } : {}),
    ...(facets.length > 0 ? { facets } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    ...options.extra,
  };
}

export function postCreate(options: PostOptions = {}): JetstreamCommitEventInput {
  return postWrite('create', options);
}

/** An edit: the whole new record under the same rkey. */
export function postUpdate(options: PostOptions & { did: string; rkey: string }): JetstreamCommitEventInput {
  return postWrite('update', options);
}

export function postDelete(did: string, rkey: string, rev: string = nextTid()): JetstreamCommitEventInput {
  return { did, kind: 'commit', commit: { rev, operation: 'delete', collection: POST_COLLECTION, rkey } };
}

/** A like: another collection, to prove filtering. */
export function likeCreate(
  options: { did?: string; rkey?: string; subject?: { uri: string; cid: string }; createdAt?: string } = {},
): JetstreamCommitEventInput {
  const record: JetstreamRecord = {
    $type: LIKE_COLLECTION,
    subject: options.subject ?? { uri: atUri(plcDid('liked'), tid(1_700_000_000_000_000)), cid: recordCid({ $type: 'liked' }) },
    createdAt: options.createdAt ?? new Date().toISOString(),
  };
  return commitWrite('create', options.did ?? plcDid('liker'), LIKE_COLLECTION, options.rkey ?? nextTid(), record, nextTid());
}

/** A write to any collection (a follow, a block, ...). */
export function commitWrite(
  operation: 'create' | 'update',
  did: string,
  collection: string,
  rkey: string,
  record: JetstreamRecord,
  rev: string = nextTid(),
): JetstreamCommitEventInput {
  return { did, kind: 'commit', commit: { rev, operation, collection, rkey, record, cid: recordCid(record) } };
}

let identitySeq = 1_000_000;

export function identityEvent(did: string, handle = `user${did.slice(-6)}.bsky.social`): JetstreamEventInput {
  return { did, kind: 'identity', identity: { did, handle, seq: identitySeq++, time: new Date().toISOString() } };
}

export function accountEvent(did: string, active = true, status?: 'deactivated' | 'deleted' | 'suspended' | 'takendown'): JetstreamEventInput {
  return { did, kind: 'account', account: { active, did, seq: identitySeq++, time: new Date().toISOString(), ...(status ? { status } : {}) } };
}

function postWrite(operation: 'create' | 'update', options: PostOptions): JetstreamCommitEventInput {
  return commitWrite(operation, options.did ?? plcDid('poster'), POST_COLLECTION, options.rkey ?? nextTid(), postRecord(options), options.rev ?? nextTid());
}

/** RFC 4648 base32, lower case, no padding (multibase "b", did:plc identifiers). */
function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet.charAt((value << (5 - bits)) & 31);
  return out;
}
