import type { Post } from '@trendstream/contracts/post';
import type { ReplayClock, ReplayEvents } from '../../src/replay/replay-loop.js';
import type { MalformedLine, ReplayProgress } from '../../src/replay/replay-summary.js';
import type { PostSink } from '../../src/replay/send-window.js';

/** Virtual time: sleeping moves it forward at once, so pacing tests take milliseconds. */
export class VirtualClock implements ReplayClock {
  readonly sleeps: number[] = [];
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}

/**
 * A unit-test stand-in for the producer (the Kafka path has its own integration tests): records each batch
 * with the virtual time it was sent at; can hold sends open or fail them.
 */
export class RecordingSink implements PostSink {
  readonly batches: { at: number; posts: Post[] }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly held: (() => void)[] = [];

  constructor(
    private readonly clock: { now(): number },
    private readonly behaviour: { hold?: boolean; failAfterBatches?: number } = {},
  ) {}

  get posts(): Post[] {
    return this.batches.flatMap((batch) => batch.posts);
  }

  send(posts: readonly Post[]): Promise<void> {
    this.batches.push({ at: this.clock.now(), posts: [...posts] });
    if (this.behaviour.failAfterBatches !== undefined && this.batches.length > this.behaviour.failAfterBatches) {
      return Promise.reject(new Error('broker said no'));
    }
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const settle = (): void => {
      this.inFlight -= 1;
    };
    if (!this.behaviour.hold) {
      settle();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.held.push(() => (settle(), resolve())));
  }

  /** Acknowledges the oldest held send. */
  release(): boolean {
    const next = this.held.shift();
    next?.();
    return next !== undefined;
  }
}

export class RecordingEvents implements ReplayEvents {
  readonly malformedLines: MalformedLine[] = [];
  readonly progressReports: ReplayProgress[] = [];
  malformed(line: MalformedLine): void {
    this.malformedLines.push(line);
  }
  progress(progress: ReplayProgress): void {
    this.progressReports.push(progress);
  }
}
