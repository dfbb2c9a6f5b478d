/** Remembers at most `capacity` keys in order of last use; touching one more than that evicts the oldest. */
export class RecentlyUsed<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  /** Marks `key` as just used; returns the value of the key evicted to make room, if any. */
  touch(key: string, value: T): T | undefined {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return undefined;
    const [oldestKey, oldest] = this.entries.entries().next().value as [string, T];
    this.entries.delete(oldestKey);
    return oldest;
  }
}
