import { z } from 'zod';
import { normalizeLanguage } from '@trendstream/contracts/language';
import type { Post } from '@trendstream/contracts/post';
import { MAX_TEXT_LENGTH } from '@trendstream/contracts/status-to-post';
import { declaredEventTime, validHashtags } from '../sources/post-rules.js';
import { facetTags, textWithoutLinksAndMentions } from './post-text.js';
import { postUri, postWebUrl } from './record-key.js';

export const POST_COLLECTION = 'app.bsky.feed.post';

/** One Jetstream frame as the ingest needs it. `timeUs` is the frame's cursor position (absent when unreadable). */
export type JetstreamEvent =
  | { kind: 'post'; timeUs: number; post: Post }
  | { kind: 'updated'; timeUs: number; post: Post; editedAt: number }
  | { kind: 'deleted'; timeUs: number; uri: string; rkey: string }
  | { kind: 'other'; timeUs: number }
  | { kind: 'invalid'; timeUs: number | undefined; reason: string };

export interface FrameContext {
  /** The source's name: the Jetstream host. */
  instance: string;
  receivedAt: number;
}

const frameSchema = z.object({
  did: z.string().startsWith('did:').max(2048),
  time_us: z.number().int().nonnegative(),
  kind: z.string(),
  commit: z
    .object({
      operation: z.string(),
      collection: z.string(),
      rkey: z.string().min(1).max(512),
      record: z.unknown().optional(),
    })
    .optional(),
});

const facetSchema = z.object({
  index: z.object({ byteStart: z.number().int(), byteEnd: z.number().int() }),
  features: z.array(z.object({ $type: z.string(), tag: z.string().max(640).optional() }).loose()).max(64),
});

const postRecordSchema = z.object({
  text: z.string().max(100_000),
  createdAt: z.string().max(64),
  langs: z.array(z.string().max(64)).max(8).optional(),
  facets: z.array(z.unknown()).max(512).optional(),
  tags: z.array(z.string().max(640)).max(64).optional(),
  labels: z
    .object({ values: z.array(z.unknown()) })
    .loose()
    .optional(),
});

/**
 * Reads one Jetstream frame (https://github.com/bluesky-social/jetstream, legacy `/subscribe` wire format).
 * Pure and total: any text gives an event, the odd ones `invalid` with a reason.
 */
export function parseJetstreamFrame(text: string, context: FrameContext): JetstreamEvent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', timeUs: undefined, reason: 'not JSON' };
  }
  const frame = frameSchema.safeParse(json);
  if (!frame.success) return { kind: 'invalid', timeUs: timeOf(json), reason: issueText(frame.error, 'frame') };
  const { did, time_us: timeUs, kind, commit } = frame.data;
  if (kind !== 'commit' || !commit || commit.collection !== POST_COLLECTION) return { kind: 'other', timeUs };
  const uri = postUri(did, commit.rkey);
  if (commit.operation === 'delete') return { kind: 'deleted', timeUs, uri, rkey: commit.rkey };
  if (commit.operation !== 'create' && commit.operation !== 'update') return { kind: 'other', timeUs };
  const record = postRecordSchema.safeParse(commit.record);
  if (!record.success) return { kind: 'invalid', timeUs, reason: issueText(record.error, 'record') };
  const post = toPost(record.data, { did, rkey: commit.rkey, uri, timeUs }, context);
  return commit.operation === 'create' ? { kind: 'post', timeUs, post } : { kind: 'updated', timeUs, post, editedAt: Math.floor(timeUs / 1000) };
}

type PostRecord = z.infer<typeof postRecordSchema>;

function toPost(record: PostRecord, where: { did: string; rkey: string; uri: string; timeUs: number }, context: FrameContext): Post {
  const facets = (record.facets ?? []).flatMap((facet) => {
    const parsed = facetSchema.safeParse(facet);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    uri: where.uri,
    statusId: where.rkey,
    instance: context.instance,
    network: 'bluesky',
    source: 'stream',
    url: postWebUrl(where.did, where.rkey),
    createdAt: eventTime(record.createdAt, where.timeUs),
    receivedAt: context.receivedAt,
    language: normalizeLanguage(record.langs?.[0]),
    text: textWithoutLinksAndMentions(record.text, facets).slice(0, MAX_TEXT_LENGTH),
    spoilerText: '',
    hashtags: validHashtags([...facetTags(facets), ...(record.tags ?? [])]),
    isBoost: false,
    boostOfUri: null,
    // Self-labels (porn, nudity, graphic-media…) are Bluesky's content warnings.
    sensitive: (record.labels?.values.length ?? 0) > 0,
    account: { acct: where.did, bot: false, discoverable: null, indexable: null, noindexInBio: false },
  };
}

/**
 * `createdAt` is what the author's client declared. It is the event time as long as it is a date and not in
 * the future of Jetstream's clock; otherwise the time Jetstream saw the record stands in. A date in the past
 * (an imported archive) is kept: the processor drops it as late when it is older than the retention horizon.
 */
export function eventTime(createdAt: string, timeUs: number): number {
  return declaredEventTime(createdAt, Math.floor(timeUs / 1000));
}

function timeOf(json: unknown): number | undefined {
  const time = (json as { time_us?: unknown } | null)?.time_us;
  return typeof json === 'object' && Number.isSafeInteger(time) && (time as number) >= 0 ? (time as number) : undefined;
}

function issueText(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  return issue ? `${[what, ...issue.path].join('.')}: ${issue.message}` : `not a Jetstream ${what}`;
}
