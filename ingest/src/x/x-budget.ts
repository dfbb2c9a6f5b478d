const DAY_MS = 86_400_000;
/** The cursor channel the day's count is saved under in `ingest.cursors`: `budget:2026-12-07`. */
const CHANNEL = /^budget:(\d{4}-\d{2}-\d{2})$/u;

/** The UTC day of `now`, `YYYY-MM-DD`: X counts post reads per UTC day. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The next 00:00 UTC after `now`. */
export function nextUtcMidnight(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
}

export function budgetChannel(day: string): string {
  return `budget:${day}`;
}

/**
 * Posts read per UTC day against X_MAX_POSTS_PER_DAY (X bills every post it delivers). Pure: time is passed
 * in. Every post received counts, also those that arrive after the limit (they were delivered, so billed).
 */
export class DailyBudget {
  private day = '';
  private used = 0;

  constructor(readonly limit: number) {}

  /** Counts one post read at `now`; false when the day's budget was already spent before it. */
  take(now: number): boolean {
    this.roll(now);
    this.used += 1;
    return this.used <= this.limit;
  }

  /** True while the posts read today reach the limit. */
  exhausted(now: number): boolean {
    this.roll(now);
    return this.used >= this.limit;
  }

  usedOn(now: number): number {
    this.roll(now);
    return this.used;
  }

  /** The count a previous run saved for `channel` (`budget:YYYY-MM-DD`), if it is today's; other days mean nothing. */
  restore(channel: string, id: string, now: number): boolean {
    const day = CHANNEL.exec(channel)?.[1];
    if (day === undefined || day !== utcDay(now) || !/^\d{1,12}$/u.test(id)) return false;
    this.roll(now);
    this.used = Math.max(this.used, Number(id));
    return true;
  }

  /** The cursor to save: today's count, under today's channel; nothing before the first post of the day. */
  snapshot(now: number): [channel: string, count: string] | undefined {
    this.roll(now);
    return this.used > 0 ? [budgetChannel(this.day), String(this.used)] : undefined;
  }

  private roll(now: number): void {
    const day = utcDay(now);
    if (day === this.day) return;
    this.day = day;
    this.used = 0;
  }
}
