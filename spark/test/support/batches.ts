import fc from 'fast-check';
import type { PartitionState, PendingMessage } from '@trendstream/processor/batch-types';
import type { RememberedPost } from '@trendstream/processor/post-memory';

/**
 * Generated counting batches for the parity tests: posts, edits, deletes and dead letters of a few identities over
 * a few partitions (every record of an identity in one partition, as Kafka keys them), with late and future
 * posts, boosts, followed hashtags and remembered posts of every kind.
 */
export interface Batch {
  messages: PendingMessage[];
  states: Array<[number, PartitionState]>;
  memory: RememberedPost[];
  options: { bucketMs: number; horizonMs: number; now: number; followed: string[] };
}

export const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const IDENTITIES = Array.from({ length: 12 }, (_, i) => `${i.toString(16).padStart(2, '0')}${'ab'.repeat(15)}`);
export const PARTITIONS = 3;
export const partitionOf = (uriHash: string) => parseInt(uriHash.slice(0, 2), 16) % PARTITIONS;
const time = fc.integer({ min: NOW - 400_000, max: NOW + 30_000 });
const words = fc.uniqueArray(fc.constantFrom('kafka', 'coffee', 'tokyo', '東京', 'straße', '#kafka', '#rust'), { maxLength: 4 });
const hashtags = fc.uniqueArray(fc.constantFrom('kafka', 'rust', 'coffee'), { maxLength: 2 });
const language = fc.constantFrom(null, 'en', 'de', 'ja');

const countable = (uriHash: string) =>
  fc.record({
    uriHash: fc.constant(uriHash),
    createdAt: time,
    receivedAt: time,
    language,
    isBoost: fc.boolean(),
    hashtags,
    source: fc.constant('replay'),
    instance: fc.constant('example.social'),
    tokens: words,
  });

export const step = fc
  .constantFrom(...IDENTITIES)
  .chain((uriHash) =>
    fc.oneof(
      { weight: 4, arbitrary: countable(uriHash).map((post) => ({ kind: 'post' as const, post })) },
      { weight: 2, arbitrary: countable(uriHash).map((post) => ({ kind: 'edit' as const, post })) },
      { weight: 2, arbitrary: time.map((receivedAt) => ({ kind: 'delete' as const, uriHash, receivedAt })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'dead' as const, code: 'BAD_BODY' as const, reason: 'damaged', key: null, value: null, uriHash }) },
    ),
  );

export type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Gives each step its identity's partition and that partition's next offset, from `startOffsets` on. */
export function placeMessages(steps: readonly Step[], startOffsets: readonly number[]): PendingMessage[] {
  const next = [...startOffsets];
  return steps.map((message): PendingMessage => {
    const uriHash = message.kind === 'post' || message.kind === 'edit' ? message.post.uriHash : message.uriHash;
    const partition = partitionOf(uriHash);
    const offset = next[partition]!++;
    if (message.kind === 'dead') return { kind: 'dead', partition, offset, code: message.code, reason: message.reason, key: null, value: null };
    return { ...message, partition, offset };
  });
}

export const batch: fc.Arbitrary<Batch> = fc
  .record({
    steps: fc.array(step, { maxLength: 40 }),
    startOffsets: fc.array(fc.nat({ max: 5 }), { minLength: PARTITIONS, maxLength: PARTITIONS }),
    stored: fc.array(
      fc.option(
        fc.record({
          nextOffset: fc.nat({ max: 8 }),
          maxEventTime: fc.option(time, { nil: null }),
          lastAdvanceAt: fc.option(time, { nil: null }),
          latePosts: fc.nat({ max: 3 }),
        }),
        { nil: undefined },
      ),
      { minLength: PARTITIONS, maxLength: PARTITIONS },
    ),
    memory: fc.uniqueArray(
      fc.record({
        uriHash: fc.constantFrom(...IDENTITIES),
        eventTime: time,
        kind: fc.constantFrom('counted' as const, 'boost' as const, 'deleted' as const, 'unremembered' as const),
        lang: fc.constantFrom('', 'en', 'de'),
        scopes: fc.constantFrom([''], ['', 'kafka'], [] as string[]),
        tokens: words,
      }),
      { selector: (entry) => entry.uriHash, maxLength: 6 },
    ),
    followed: fc.subarray(['kafka', 'rust', 'coffee']),
    horizonMs: fc.constantFrom(60_000, 300_000),
  })
  .map(({ steps, startOffsets, stored, memory, followed, horizonMs }) => {
    const messages = placeMessages(steps, startOffsets);
    const states = stored.flatMap((state, partition) => (state ? [[partition, state] as [number, PartitionState]] : []));
    return { messages, states, memory, options: { bucketMs: 5_000, horizonMs, now: NOW, followed } };
  });
