import type { DelayCounts } from './load-protocol.js';

/** Delivery delays in whole milliseconds, counted per value; receipts that never came count as missing. */
export class DelayHistogram {
  private readonly counts = new Map<number, number>();
  private missing = 0;
  private total = 0;

  add(ms: number): void {
    const bucket = Math.max(0, Math.round(ms));
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total += 1;
  }

  addMissing(count: number): void {
    this.missing += count;
    this.total += count;
  }

  merge(other: DelayCounts): void {
    for (const [ms, count] of other.counts) {
      this.counts.set(ms, (this.counts.get(ms) ?? 0) + count);
      this.total += count;
    }
    this.addMissing(other.missing);
  }

  toCounts(): DelayCounts {
    return { counts: [...this.counts.entries()], missing: this.missing };
  }

  /** The nearest-rank percentile; null when no sample, or when it falls among the missing (later than any). */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (const ms of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(ms) ?? 0;
      if (seen >= rank) return ms;
    }
    return null;
  }

  /** The largest delay received (missing receipts aside). */
  max(): number | null {
    let max: number | null = null;
    for (const ms of this.counts.keys()) if (max === null || ms > max) max = ms;
    return max;
  }

  get samples(): number {
    return this.total - this.missing;
  }

  get missed(): number {
    return this.missing;
  }
}
