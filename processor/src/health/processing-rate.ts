/** Posts per second over a sliding wall-clock span, from the counts of committed batches. */
export class ProcessingRate {
  private readonly events: Array<{ at: number; posts: number }> = [];

  constructor(private readonly spanMs = 10_000) {}

  add(at: number, posts: number): void {
    this.events.push({ at, posts });
    this.trim(at);
  }

  perSecond(now: number): number {
    this.trim(now);
    const total = this.events.reduce((sum, event) => sum + event.posts, 0);
    return Math.round((total / (this.spanMs / 1000)) * 10) / 10;
  }

  private trim(now: number): void {
    while (this.events.length > 0 && (this.events[0]?.at ?? now) < now - this.spanMs) this.events.shift();
  }
}
