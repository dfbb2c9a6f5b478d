import type { Logger } from 'pino';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import type { Network } from '@trendstream/contracts/post';
import type { IngestMetrics } from '../metrics.js';
import type { StoredCursor } from './cursor-records.js';
import type { PostSink } from './post-sink.js';

/** What the app gives every adapter it builds. */
export interface SourceDeps {
  /** The dedupe and output every source shares. */
  posts: PostSink;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => number;
  random?: () => number;
  /** Told on every change of state (the app publishes it to `ingest.status`). */
  onHealth?: (health: InstanceHealth) => void;
}

/**
 * What every live network's adapter gives the ingest (docs/sources.md). The app writes the rest once: the
 * shared dedupe and queue to Kafka (PostSink), saving read positions only once their records are in Kafka
 * (CursorCheckpointer), publishing states to `ingest.status`, and following the hashtags topic.
 */
export interface LiveSource {
  /** Unique in the process: the key of its health record and of its saved cursors (an instance's host, a Jetstream host). */
  readonly name: string;
  readonly network: Network;
  /** Its state now, for /health and `ingest.status`. */
  readonly health: InstanceHealth;
  /** Things received per second since the previous call. */
  takeRate(): number;
  /** The positions a previous run saved under this source's name, given before start(). */
  resumeFrom(saved: ReadonlyMap<string, StoredCursor>): void;
  /** Channel -> position of everything read now whose records were handed to the sink. */
  cursorSnapshot(): ReadonlyMap<string, string>;
  /** The followed hashtags (normalized), at start and on every change. */
  setHashtags(tags: Iterable<string>): void;
  /** Reads until stopped; resolves then and never rejects. */
  start(): Promise<void>;
  stop(): Promise<void>;
}
