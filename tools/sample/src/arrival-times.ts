import { burstShare, type SampleBurst } from './sample-plan.js';

const BIN_MS = 60_000;

/**
 * Arrival times for `count` lines over `spanMs`: a steady rate per minute, raised during bursts by their
 * `extraRate`. Line i falls in the i-th of `count` equal slices of the cumulative rate, at a random point
 * within it, so times never decrease and the busy minutes get more lines.
 */
export class ArrivalTimes {
  /** Each minute's share of all lines, and the share of all minutes before it. */
  private readonly shares: number[];
  private readonly before: number[];
  private readonly binMs: number;
  private bin = 0;

  constructor(
    private readonly startMs: number,
    spanMs: number,
    private readonly count: number,
    bursts: readonly SampleBurst[],
  ) {
    const bins = Math.max(1, Math.ceil(spanMs / BIN_MS));
    this.binMs = spanMs / bins;
    const weights = Array.from({ length: bins }, (_, bin) => {
      const at = (bin + 0.5) / bins;
      return 1 + bursts.reduce((extra, burst) => extra + (burst.extraRate * burstShare(burst, at)) / burst.share, 0);
    });
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    this.shares = weights.map((weight) => weight / total);
    let running = 0;
    this.before = this.shares.map((share) => {
      const start = running;
      running += share;
      return start;
    });
  }

  /** Time of line `index` (called with increasing indexes); `jitter` in [0, 1) places it within its slice. */
  at(index: number, jitter: number): number {
    const quantile = (index + jitter) / this.count;
    while (this.bin + 1 < this.before.length && (this.before[this.bin + 1] ?? 1) <= quantile) this.bin += 1;
    const within = Math.min(0.999_999, (quantile - (this.before[this.bin] ?? 0)) / (this.shares[this.bin] ?? 1));
    return Math.floor(this.startMs + (this.bin + within) * this.binMs);
  }
}
