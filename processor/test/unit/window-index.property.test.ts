import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeriesPoint, TrendWord } from '@trendstream/contracts/api-types';
import { planTrends } from '../../src/trends/trend-plan.js';
import { windowBuckets } from '../../src/windows/buckets.js';
import { WindowIndex, type CountChange, type IndexFilter } from '../../src/windows/window-index.js';
import { ReferenceCounts } from './window-index-reference.js';

// WindowIndex against the SQL's definition (ReferenceCounts), over random sequences of changes, moves, expiries
// and questions. Few words, scopes and languages, so that ties, zero totals and shared words are the rule; words
// above U+FFFF and in U+E000–U+FFFF, so that code-point and UTF-16 order disagree.
const BUCKET = 60_000;
// 1, 2.5 (rounded up to 3), 5 and 15 buckets; their baselines reach 15 to 90 buckets back.
const WINDOWS = [60_000, 150_000, 300_000, 900_000];
const SCOPES = ['', '#tag'];
const LANGS = ['en', 'de', ''];
const WORDS = ['a', 'b', 'ab', 'ba', 'é', 'z', '\u{20000}', '\uFF21', 'x\u{1F600}', 'x\uFFFD', 'x\uE000y', '\u{1F600}'];
/** Words whose code-point and UTF-16 orders differ, drawn as often as all the others. */
const TIES = ['\u{20000}', '\uFF21', 'x\u{1F600}', 'x\uFFFD'];
const BUCKETS = 60;

// Most questions go to a few (window, filter) pairs, so that a view is asked again after changes and moves.
const filterArb: fc.Arbitrary<IndexFilter> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ scope: '' }) },
  { weight: 2, arbitrary: fc.constant({ scope: '', lang: 'en' }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...SCOPES), fc.option(fc.constantFrom(...LANGS), { nil: undefined }))
      .map(([scope, lang]) => (lang === undefined ? { scope } : { scope, lang })),
  },
);
const windowArb = fc.oneof({ weight: 2, arbitrary: fc.constant(300_000) }, { weight: 2, arbitrary: fc.constantFrom(...WINDOWS) });

/** A change to a bucket near the watermark (where windows and baselines are), found when it is applied. */
const changeArb = fc.record({
  scope: fc.constantFrom(...SCOPES),
  lang: fc.constantFrom(...LANGS),
  bucketsBack: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.integer({ min: -2, max: 20 })),
  word: fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...TIES)),
  count: fc.integer({ min: -3, max: 3 }),
});

type Op =
  | { kind: 'apply'; changes: Array<Omit<CountChange, 'bucketStart'> & { bucketsBack: number }> }
  | { kind: 'move'; watermark: number }
  | { kind: 'step'; buckets: number; offset: number }
  | { kind: 'expire'; bucketsBack: number }
  | { kind: 'trends'; window: number; filter: IndexFilter; limit: number; sort: 'count' | 'score' }
  | { kind: 'series'; window: number; filter: IndexFilter; word: string }
  | { kind: 'again' }
  | { kind: 'forget'; window: number; filter: IndexFilter };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('apply' as const), changes: fc.array(changeArb, { minLength: 1, maxLength: 8, size: 'max' }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), watermark: fc.integer({ min: 0, max: (BUCKETS + 10) * BUCKET }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      buckets: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 4 })),
      offset: fc.integer({ min: 0, max: BUCKET - 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), bucketsBack: fc.integer({ min: 0, max: 25 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('trends' as const),
      window: windowArb,
      filter: filterArb,
      // Mostly 1: a larger limit raises a view's ranking capacity to 2 × limit, and a large one never cuts.
      limit: fc.oneof(
        { weight: 6, arbitrary: fc.constant(1) },
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) },
        { weight: 1, arbitrary: fc.constantFrom(12, 250) },
      ),
      sort: fc.constantFrom('count' as const, 'score' as const),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'again' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('forget' as const), window: windowArb, filter: filterArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('series' as const), window: windowArb, filter: filterArb, word: fc.constantFrom(...WORDS, 'never') }) },
);

const setupArb = fc.record({
  minCount: fc.integer({ min: 1, max: 3 }),
  // Small candidate lists and ranking capacities make the cut-offs, cuts and rebuilds happen with few words.
  scoreCandidates: fc.constantFrom(1, 2, 3, 3, 200),
  rankCapacity: fc.constantFrom(2, 2, 3, 400),
  start: fc.integer({ min: 0, max: (BUCKETS + 10) * BUCKET }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 40, size: 'max' }),
});

/** Answers seen per (window, filter) at one version: asking again at that version must give the same. */
interface Seen {
  version: number;
  answers: Map<string, TrendWord[] | SeriesPoint[]>;
}

describe('WindowIndex, by property, against the SQL', () => {
  it('answers trends and series exactly as the queries over the same rows, whatever the sequence', () => {
    fc.assert(
      fc.property(setupArb, ({ minCount, scoreCandidates, rankCapacity, start, ops }) => {
        const index = new WindowIndex({ bucketMs: BUCKET, windowsMs: WINDOWS, minCount, scoreCandidates, rankCapacity });
        const reference = new ReferenceCounts();
        const seen = new Map<string, Seen>();
        let watermark = start;
        index.moveTo(watermark);
        const check = (window: number, filter: IndexFilter, query: string, answer: TrendWord[] | SeriesPoint[]): void => {
          const key = JSON.stringify([window, filter.scope, filter.lang ?? null]);
          const version = index.version(window, filter);
          const before = seen.get(key);
          if (before?.version === version) {
            const earlier = before.answers.get(query);
            if (earlier) expect(answer, `unchanged version ${version}, changed answer`).toEqual(earlier);
            before.answers.set(query, answer);
          } else seen.set(key, { version, answers: new Map([[query, answer]]) });
        };
        let last: Extract<Op, { kind: 'trends' }> | undefined;
        for (const each of ops) {
          // `again` asks the last trends question again, after whatever happened since.
          const op = each.kind === 'again' ? last : each;
          switch (op?.kind) {
            case 'apply': {
              // Negative changes never take a row below 0, as in valid input.
              const changes = op.changes.map(({ bucketsBack, ...change }): CountChange => {
                const bucketStart = Math.max(0, Math.floor(watermark / BUCKET) - bucketsBack) * BUCKET;
                const current = reference.count(change.scope, change.lang, bucketStart, change.word);
                const valid = { ...change, bucketStart, count: Math.max(change.count, -current) };
                reference.apply([valid]);
                return valid;
              });
              index.apply(changes);
              break;
            }
            case 'move':
              watermark = op.watermark;
              index.moveTo(watermark);
              break;
            case 'step':
              watermark = Math.max(0, (Math.floor(watermark / BUCKET) + op.buckets) * BUCKET + op.offset);
              index.moveTo(watermark);
              break;
            case 'expire': {
              const cutoff = Math.max(0, Math.floor(watermark / BUCKET) - op.bucketsBack) * BUCKET;
              index.expireBefore(cutoff);
              reference.expireBefore(cutoff);
              break;
            }
            case 'trends': {
              last = op;
              const answer = index.trends(op.window, op.filter, op.limit, op.sort);
              const plan = planTrends(watermark, op.window, BUCKET, minCount);
              expect(answer).toEqual(reference.trends(plan, op.filter, op.limit, op.sort, scoreCandidates));
              check(op.window, op.filter, `${op.sort} ${op.limit}`, answer);
              break;
            }
            case 'series': {
              const answer = index.series(op.word, op.window, op.filter);
              expect(answer).toEqual(reference.series(op.word, windowBuckets(watermark, op.window, BUCKET), op.filter, BUCKET));
              check(op.window, op.filter, `series ${op.word}`, answer);
              break;
            }
            case 'forget':
              // The view goes; asking again builds it afresh from the stored counts.
              index.forget(op.window, op.filter);
              break;
            case undefined:
              break;
          }
        }
      }),
      { numRuns: 4_000 },
    );
  });
});
