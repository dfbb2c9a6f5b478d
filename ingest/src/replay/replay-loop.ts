import type { Post } from '@trendstream/contracts/post';
import { openLineSource, type LineSource } from './line-reader.js';
import { parseReplayLine } from '@trendstream/contracts/replay-line';
import { dueAt, loopSpanMs, placePost, sleepBefore, startTimeline, type Pace, type Timeline } from './pacing.js';
import type { MalformedLine, ReplayProgress, ReplaySummary } from './replay-summary.js';
import { postsPerSecond } from './replay-summary.js';
import { SendWindow, type PostSink } from './send-window.js';

export interface ReplayOptions {
  file: string;
  pace: Pace;
  loop: boolean;
  shiftToNow: boolean;
  /** Posts per produce request. */
  batchSize?: number;
  /** Batches sent but not yet acknowledged (--max backpressure). */
  maxInFlight?: number;
}

export interface ReplayClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface ReplayEvents {
  /** Called for the first MALFORMED_REPORT_LIMIT malformed lines (`last` on the final one); later ones are only counted. */
  malformed(line: MalformedLine, last: boolean): void;
  progress(progress: ReplayProgress): void;
}

export interface ReplayDeps {
  sink: PostSink;
  clock: ReplayClock;
  events: ReplayEvents;
  /** Aborting stops reading; what was read is still produced and acknowledged before runReplay returns. */
  signal: AbortSignal;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_MAX_IN_FLIGHT = 2;
export const MALFORMED_REPORT_LIMIT = 100;
/** Progress is offered to the reporter at most this often (it throttles further on its own). */
const PROGRESS_EVERY_MS = 100;

/**
 * Reads the file line by line and produces each valid status as a Post, paced by `created_at` or as fast as
 * the broker acknowledges. Never throws for bad input: malformed lines are reported and skipped; a produce
 * failure stops the replay and is returned in `failure`.
 */
export async function runReplay(options: ReplayOptions, deps: ReplayDeps): Promise<ReplaySummary> {
  const run = new ReplayRun(options, deps);
  await run.execute();
  return run.summary();
}

class ReplayRun {
  private readonly window: SendWindow;
  private readonly batchSize: number;
  private readonly startedAt: number;
  private batch: Post[] = [];
  private timeline: Timeline | undefined;
  private latestCreatedAt = Number.NEGATIVE_INFINITY;
  private spanMs = 0;
  private pass = 0;
  private linesRead = 0;
  private validInFirstPass = 0;
  private readonly malformed: MalformedLine[] = [];
  private malformedCount = 0;
  private position: number | null = null;
  private lastProgressAt = Number.NEGATIVE_INFINITY;
  private source: LineSource | undefined;
  private readFailure: string | null = null;
  private lastLineNumber = 0;

  constructor(
    private readonly options: ReplayOptions,
    private readonly deps: ReplayDeps,
  ) {
    this.window = new SendWindow(deps.sink, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.startedAt = deps.clock.now();
  }

  async execute(): Promise<void> {
    try {
      for (;;) {
        await this.playOnePass();
        if (this.stopped() || !this.options.loop || this.validInFirstPass === 0) break;
        if (this.pass === 0) this.spanMs = loopSpanMs(this.timeline?.firstCreatedAt ?? 0, this.latestCreatedAt);
        this.pass += 1;
      }
    } catch (error) {
      // The file itself failed (vanished, truncated gzip): stop, but still produce what was read.
      this.readFailure = `cannot read ${this.options.file} after line ${this.lastLineNumber}: ${(error as Error).message}`;
    } finally {
      // Whatever was read is produced, even when interrupted: "stop reading, flush what is produced".
      await this.flush();
      await this.window.drain();
      this.reportProgress(true);
    }
  }

  summary(): ReplaySummary {
    const durationMs = this.deps.clock.now() - this.startedAt;
    return {
      file: this.options.file,
      linesRead: this.linesRead,
      postsProduced: this.window.produced,
      malformedLines: this.malformedCount,
      malformed: [...this.malformed],
      passes: this.pass + 1,
      durationMs,
      postsPerSecond: postsPerSecond(this.window.produced, durationMs),
      interrupted: this.deps.signal.aborted,
      failure: this.window.failure ? `producing to Kafka failed: ${this.window.failure.message}` : this.readFailure,
    };
  }

  private stopped(): boolean {
    return this.deps.signal.aborted || this.window.failure !== undefined || this.readFailure !== null;
  }

  private async playOnePass(): Promise<void> {
    this.lastLineNumber = 0;
    this.source = await openLineSource(this.options.file);
    for await (const { lineNumber, text } of this.source.lines()) {
      if (this.stopped()) return;
      this.linesRead += 1;
      this.lastLineNumber = lineNumber;
      const parsed = parseReplayLine(text, this.deps.clock.now());
      if (!parsed.ok) {
        if (this.pass === 0) this.recordMalformed({ lineNumber, reason: parsed.reason });
        continue;
      }
      await this.accept(parsed.post);
      this.reportProgress(false);
    }
  }

  private async accept(post: Post): Promise<void> {
    this.timeline ??= startTimeline(
      post.createdAt,
      this.deps.clock.now(),
      this.options.shiftToNow,
      this.options.pace.mode === 'speed' ? this.options.pace.speed : 1,
    );
    if (this.pass === 0) {
      this.validInFirstPass += 1;
      this.latestCreatedAt = Math.max(this.latestCreatedAt, post.createdAt);
    }
    const placed = placePost(post, this.timeline, this.pass, this.spanMs);
    if (this.options.pace.mode === 'speed') {
      const wait = sleepBefore(dueAt(placed.replayTime, this.timeline, this.options.pace.speed), this.deps.clock.now());
      if (wait > 0) {
        // Everything already due goes out before the sleep, as one batch.
        await this.flush();
        this.reportProgress(false);
        await this.deps.clock.sleep(wait, this.deps.signal);
        if (this.deps.signal.aborted) return;
      }
    }
    // receivedAt is when the post is handed to the producer, not when its line was read before a sleep.
    this.batch.push({ ...placed.post, receivedAt: this.deps.clock.now() });
    this.position = placed.post.createdAt;
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    await this.window.submit(batch);
  }

  private recordMalformed(line: MalformedLine): void {
    this.malformedCount += 1;
    if (this.malformed.length < MALFORMED_REPORT_LIMIT) {
      this.malformed.push(line);
      this.deps.events.malformed(line, this.malformed.length === MALFORMED_REPORT_LIMIT);
    }
  }

  private reportProgress(force: boolean): void {
    const now = this.deps.clock.now();
    if (!force && now - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    this.lastProgressAt = now;
    this.deps.events.progress({
      pass: this.pass,
      bytesRead: this.source?.bytesRead() ?? 0,
      totalBytes: this.source?.totalBytes ?? 0,
      linesRead: this.linesRead,
      postsProduced: this.window.produced,
      malformedLines: this.malformedCount,
      position: this.position,
      startedAt: this.startedAt,
      now,
    });
  }
}
