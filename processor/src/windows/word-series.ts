/** Below this many cells a range is summed directly: cheaper than building prefix sums for it. */
const DIRECT_SUM_CELLS = 16;
/** Expired cells are cut off the front once there are at least this many and they are half the array. */
const COMPACT_AFTER = 16;

/**
 * One word's counts in one (scope, language), bucket by bucket: its stored totals, as a sorted
 * array of cells. Adding to the newest bucket is O(1), to an older one O(log n) (O(n) when the cell is new and
 * goes in the middle). Range sums cost two binary searches once the prefix sums are up to date; prefix sums are
 * built only for words whose sums are asked for (trend candidates), and only from the first cell that changed
 * since, so the long tail of rare words never pays for them.
 *
 * A cell that reaches 0 stays (as its MySQL row does) until its bucket expires: it adds nothing to any sum.
 */
export class WordSeries {
  /** The same word's series in the scope's other languages (a short list: a word lives in few languages). */
  next: WordSeries | undefined = undefined;
  /** When a cell last changed, on the index's change clock: what cached trend scores are checked against. */
  changedAt = 0;
  /** Interleaved [bucketStart, count] pairs, by bucketStart; the pairs before `head` have expired. */
  private cells: number[] = [];
  private head = 0;
  /** prefix[i] = sum of the counts of pairs [0, i), valid for i <= prefixValid. */
  private prefix: number[] | undefined = undefined;
  private prefixValid = 0;

  constructor(
    readonly word: number,
    readonly lang: number,
  ) {}

  get isEmpty(): boolean {
    return this.head * 2 === this.cells.length;
  }

  /** Adds `count` to the bucket's cell; true when the cell is new (the bucket did not hold the word yet). */
  add(bucket: number, count: number, now: number): boolean {
    this.changedAt = now;
    const cells = this.cells;
    const pairs = cells.length / 2;
    const last = pairs - 1;
    if (pairs === this.head || (cells[2 * last] ?? 0) < bucket) {
      cells.push(bucket, count);
      return true;
    }
    const at = cells[2 * last] === bucket ? last : this.lowerBound(bucket);
    this.prefixValid = Math.min(this.prefixValid, at);
    if (cells[2 * at] === bucket) {
      cells[2 * at + 1] = (cells[2 * at + 1] ?? 0) + count;
      return false;
    }
    cells.splice(2 * at, 0, bucket, count);
    return true;
  }

  /** The word's count in one bucket (0 when it has no cell there). */
  countAt(bucket: number): number {
    const cells = this.cells;
    const last = cells.length / 2 - 1;
    if (cells[2 * last] === bucket) return cells[2 * last + 1] ?? 0;
    const at = this.lowerBound(bucket);
    return cells[2 * at] === bucket ? (cells[2 * at + 1] ?? 0) : 0;
  }

  /** Sum of the counts of buckets in [from, to). */
  sum(from: number, to: number): number {
    const lo = this.lowerBound(from);
    const hi = this.lowerBound(to);
    if (hi - lo <= DIRECT_SUM_CELLS) {
      let total = 0;
      for (let i = lo; i < hi; i += 1) total += this.cells[2 * i + 1] ?? 0;
      return total;
    }
    const prefix = this.prefixUpTo(hi);
    return (prefix[hi] ?? 0) - (prefix[lo] ?? 0);
  }

  /** Sum of the counts of buckets in [from, to) by reading the cells, without building prefix sums (bulk loads). */
  sumOnce(from: number, to: number): number {
    const cells = this.cells;
    let total = 0;
    for (let i = 2 * this.lowerBound(from); i < cells.length && (cells[i] ?? to) < to; i += 2) total += cells[i + 1] ?? 0;
    return total;
  }

  /** Adds each bucket's count in [from, to) to `into[(bucket - from) / bucketMs]`. */
  addCountsTo(into: number[], from: number, to: number, bucketMs: number): void {
    const cells = this.cells;
    for (let i = this.lowerBound(from); 2 * i < cells.length; i += 1) {
      const bucket = cells[2 * i] ?? to;
      if (bucket >= to) return;
      const slot = (bucket - from) / bucketMs;
      into[slot] = (into[slot] ?? 0) + (cells[2 * i + 1] ?? 0);
    }
  }

  /** Forgets the buckets before `bucket`; true when this left the series empty (and it was not before). */
  dropBefore(bucket: number, now: number): boolean {
    const cells = this.cells;
    const pairs = cells.length / 2;
    const before = this.head;
    while (this.head < pairs && (cells[2 * this.head] ?? 0) < bucket) this.head += 1;
    if (this.head === before) return false;
    this.changedAt = now;
    if (this.head === pairs) {
      this.cells = [];
      this.head = 0;
      this.prefix = undefined;
      this.prefixValid = 0;
      return true;
    }
    if (this.head >= COMPACT_AFTER && this.head * 2 >= pairs) {
      cells.splice(0, 2 * this.head);
      this.head = 0;
      this.prefix = undefined;
      this.prefixValid = 0;
    }
    return false;
  }

  /** Cells held (for memory accounting). */
  get size(): number {
    return this.cells.length / 2 - this.head;
  }

  /** The first live pair whose bucket is >= `bucket` (the pair count when there is none). */
  private lowerBound(bucket: number): number {
    const cells = this.cells;
    let lo = this.head;
    let hi = cells.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cells[2 * mid] ?? 0) < bucket) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private prefixUpTo(pair: number): number[] {
    const prefix = (this.prefix ??= [0]);
    for (let i = this.prefixValid; i < pair; i += 1) prefix[i + 1] = (prefix[i] ?? 0) + (this.cells[2 * i + 1] ?? 0);
    this.prefixValid = Math.max(this.prefixValid, pair);
    return prefix;
  }
}
