/**
 * The one buffer between the WebSockets (which cannot be slowed down) and the Kafka producer. When Kafka is
 * slower than the fediverse for long enough to fill it, new items are refused and the caller counts the
 * drop: memory stays bounded, and the loss is visible in metrics instead of an out-of-memory crash.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  /** Adds an item; false when the queue is full or closed (the item is not kept). */
  offer(item: T): boolean {
    if (this.closed || this.items.length >= this.capacity) return false;
    this.items.push(item);
    this.wake();
    return true;
  }

  /**
   * Waits for at least one item, then returns up to `max` of them in order. Returns an empty batch once
   * the queue is closed and empty, or when `signal` aborts.
   */
  async take(max: number, signal?: AbortSignal): Promise<T[]> {
    while (this.items.length === 0 && !this.closed && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const onAbort = (): void => this.wake();
        this.waiter = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    return this.items.splice(0, max);
  }

  /** No more offers; take() drains what is left, then returns empty batches. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
