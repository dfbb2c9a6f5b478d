/** Lets a test wait until a test server has accepted n connections in all. */
export class ConnectionWaiters {
  private readonly waiters = new Set<{ n: number; settle: (error?: Error) => void }>();

  constructor(
    private readonly accepted: () => number,
    /** What the connections are, for the timeout message ("Jetstream connections"). */
    private readonly what: string,
  ) {}

  wait(n: number, timeoutMs = 10_000): Promise<void> {
    if (this.accepted() >= n) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        n,
        settle: (error?: Error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      const timer = setTimeout(
        () => waiter.settle(new Error(`timed out after ${timeoutMs} ms waiting for ${n} ${this.what} (${this.accepted()} so far)`)),
        timeoutMs,
      );
      this.waiters.add(waiter);
    });
  }

  /** Call after each accepted connection. */
  accept(): void {
    for (const waiter of this.waiters) if (this.accepted() >= waiter.n) waiter.settle();
  }

  /** The server closed: every wait fails with `error`. */
  fail(error: Error): void {
    for (const waiter of this.waiters) waiter.settle(error);
  }
}
