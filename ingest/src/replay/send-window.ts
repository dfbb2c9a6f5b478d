import type { Post } from '@trendstream/contracts/post';

/** Where replayed posts go: PostsProducer in production, anything with the same contract in tests. */
export interface PostSink {
  /** Resolves once every post is acknowledged (durable); rejects if any is not. */
  send(posts: readonly Post[]): Promise<void>;
}

/**
 * At most `maxInFlight` batches sent but not yet acknowledged. `submit` waits for room before sending, so
 * reading the file slows to the broker's pace instead of queueing without bound. Batches are submitted in
 * file order and PostsProducer sends them in call order, so the window overlaps reading and encoding with
 * the send ahead without reordering a partition. After the first failure nothing more is sent.
 */
export class SendWindow {
  private readonly inFlight = new Set<Promise<void>>();
  private acknowledged = 0;
  private firstFailure: Error | undefined;

  constructor(
    private readonly sink: PostSink,
    private readonly maxInFlight: number,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError('maxInFlight must be a positive integer');
  }

  /** Posts the broker acknowledged. */
  get produced(): number {
    return this.acknowledged;
  }

  get failure(): Error | undefined {
    return this.firstFailure;
  }

  async submit(posts: readonly Post[]): Promise<void> {
    if (posts.length === 0 || this.firstFailure) return;
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    if (this.firstFailure) return;
    const sending: Promise<void> = this.sink.send(posts).then(
      () => {
        this.acknowledged += posts.length;
      },
      (error: unknown) => {
        this.firstFailure ??= error instanceof Error ? error : new Error(String(error));
      },
    );
    const tracked = sending.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Waits until every submitted batch is acknowledged or failed. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
