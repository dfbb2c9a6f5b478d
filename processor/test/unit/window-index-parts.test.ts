import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointKey, compareCodePoints } from '../../src/windows/code-point-order.js';
import { RankedCounts } from '../../src/windows/ranked-counts.js';
import { WordDictionary } from '../../src/windows/word-dictionary.js';
import { WordSeries } from '../../src/windows/word-series.js';
import { byUtf8 } from './window-index-reference.js';

const sign = (n: number): number => Math.sign(n);

describe('code-point order', () => {
  it('orders words as MySQL utf8mb4_bin does (UTF-8 bytes), not as JS < does', () => {
    // U+FF21 (fullwidth A) is one UTF-16 unit above the surrogates; U+20000 is a surrogate pair, and larger.
    expect('\u{20000}' < '\uFF21').toBe(true);
    expect(compareCodePoints('\u{20000}', '\uFF21')).toBe(1);
    expect(compareCodePoints('x\uE000', 'x\u{1F600}')).toBe(-1);
    expect(compareCodePoints('ab', 'ab')).toBe(0);
    expect(compareCodePoints('a', 'ab')).toBe(-1);
    expect(codePointKey('plain word')).toBe('plain word');
  });

  it('agrees with UTF-8 byte order for any two strings', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('a', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', '\u{10FFFF}', '\u{20000}') }),
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(sign(compareCodePoints(a, b))).toBe(sign(byUtf8(a, b)));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('word dictionary', () => {
  it('keeps an id while it is held, and reuses it once released', () => {
    const words = new WordDictionary();
    const a = words.acquire('a');
    expect(words.acquire('a')).toBe(a);
    words.release(a);
    expect(words.idOf('a')).toBe(a);
    words.release(a);
    expect(words.idOf('a')).toBeUndefined();
    expect(words.acquire('b')).toBe(a);
    expect(words.word(a)).toBe('b');
    expect(words.size).toBe(1);
  });
});

type SeriesOp = { kind: 'add'; bucket: number; count: number } | { kind: 'drop'; bucket: number } | { kind: 'sum'; from: number; to: number };

describe('word series', () => {
  it('sums ranges with prefix sums that follow changes in the middle and cells expiring at the front', () => {
    const series = new WordSeries(0, 0);
    for (let bucket = 0; bucket < 40; bucket += 1) series.add(bucket, 1, 1);
    expect(series.sum(0, 40)).toBe(40);
    series.add(5, 10, 2);
    expect(series.sum(0, 40)).toBe(50);
    expect(series.sum(6, 40)).toBe(34);
    // Half the cells go, and the array is compacted: the prefix sums must not outlive it.
    expect(series.dropBefore(20, 3)).toBe(false);
    expect(series.sum(0, 40)).toBe(20);
    series.add(45, 2, 4);
    series.add(30, 3, 4);
    expect(series.sum(21, 46)).toBe(24);
    expect(series.countAt(30)).toBe(4);
  });

  it('sums, counts and forgets buckets as a plain map of buckets does', () => {
    const bucket = fc.integer({ min: 0, max: 80 });
    const op: fc.Arbitrary<SeriesOp> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), bucket, count: fc.integer({ min: -2, max: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), bucket }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('sum' as const), from: bucket, to: bucket }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120, size: 'max' }), (ops) => {
        const series = new WordSeries(0, 0);
        const plain = new Map<number, number>();
        let droppedBefore = -1;
        let now = 0;
        for (const each of ops) {
          now += 1;
          if (each.kind === 'add' && each.bucket >= droppedBefore) {
            const isNew = !plain.has(each.bucket);
            expect(series.add(each.bucket, each.count, now)).toBe(isNew);
            plain.set(each.bucket, (plain.get(each.bucket) ?? 0) + each.count);
          } else if (each.kind === 'drop') {
            const empties = plain.size > 0 && [...plain.keys()].every((b) => b < each.bucket);
            expect(series.dropBefore(each.bucket, now)).toBe(empties);
            for (const b of plain.keys()) if (b < each.bucket) plain.delete(b);
            droppedBefore = Math.max(droppedBefore, each.bucket);
          } else if (each.kind === 'sum') {
            const expected = [...plain].filter(([b]) => b >= each.from && b < each.to).reduce((total, [, count]) => total + count, 0);
            expect(series.sum(each.from, each.to)).toBe(expected);
            expect(series.sumOnce(each.from, each.to)).toBe(expected);
            expect(series.countAt(each.from)).toBe(plain.get(each.from) ?? 0);
            const points = new Array<number>(Math.max(0, each.to - each.from)).fill(0);
            series.addCountsTo(points, each.from, each.to, 1);
            expect(points).toEqual(points.map((_, i) => plain.get(each.from + i) ?? 0));
          }
          expect(series.size).toBe(plain.size);
          expect(series.isEmpty).toBe(plain.size === 0);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

type RankOp = { kind: 'add'; id: number; delta: number } | { kind: 'top'; n: number } | { kind: 'clear' };

describe('ranked counts', () => {
  const keys = ['b', 'a', '\u{20000}', '\uFF21', 'ab', 'c', 'ca', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'];

  it('keeps the words it cut out of the running when the words it kept fall below them', () => {
    const ranked = new RankedCounts((id) => keys[id] ?? '', 2);
    // Five members with a capacity of 2: the three worst are cut.
    for (const [id, total] of [
      [1, 5],
      [0, 4],
      [5, 3],
      [7, 2],
      [8, 1],
    ] as const)
      ranked.add(id, total);
    expect(ranked.top(1)).toEqual([1]);
    ranked.add(1, -5);
    ranked.add(0, -4);
    expect(ranked.top(1)).toEqual([5]);
  });

  it('gives the top n of its totals (total desc, then code point) after any adds, cuts and rebuilds', () => {
    const op: fc.Arbitrary<RankOp> = fc.oneof(
      {
        weight: 8,
        arbitrary: fc.record({ kind: fc.constant('add' as const), id: fc.integer({ min: 0, max: keys.length - 1 }), delta: fc.integer({ min: -3, max: 4 }) }),
      },
      // Mostly n = 1: asking for more raises the capacity to 2n, and a large capacity never cuts.
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('top' as const), n: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 3 })) }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(op, { maxLength: 80, size: 'max' }), (capacity, ops) => {
        const ranked = new RankedCounts((id) => codePointKey(keys[id] ?? ''), capacity);
        const plain = new Map<number, number>();
        for (const each of ops) {
          if (each.kind === 'add') {
            ranked.add(each.id, each.delta);
            plain.set(each.id, (plain.get(each.id) ?? 0) + each.delta);
          } else if (each.kind === 'clear') {
            ranked.clear();
            plain.clear();
          } else {
            const expected = [...plain]
              .filter(([, total]) => total > 0)
              .sort(([a, totalA], [b, totalB]) => totalB - totalA || byUtf8(keys[a] ?? '', keys[b] ?? ''))
              .slice(0, each.n)
              .map(([id]) => id);
            expect(ranked.top(each.n)).toEqual(expected);
          }
          expect(ranked.size).toBe([...plain.values()].filter((total) => total !== 0).length);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
