import type { Logger } from 'pino';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import type { IngestMetrics } from '../metrics.js';
import type { BackoffPolicy } from '../sources/backoff.js';
import type { TimelineChoice } from './feed-plan.js';
import type { InstanceTarget } from './instance-target.js';
import type { StatusSink } from './status-sink.js';

export interface SupervisorSettings {
  timeline: TimelineChoice;
  transport: 'auto' | 'poll';
  stallTimeoutMs: number;
  backoff: BackoffPolicy;
  pollIntervalMs: number;
  requestTimeoutMs: number;
  gapFillDelayMs: number;
  gapFillMarginMs: number;
  gapFillMaxPages: number;
  maxHashtags: number;
  /** Pause between REST audits of an open stream (stream-audit.ts); 0 turns them off. */
  auditIntervalMs: number;
  /** A status an audit finds younger than this is held against the stream only if it is still not delivered once this old. */
  auditGraceMs: number;
}

export interface SupervisorDeps {
  target: InstanceTarget;
  settings: SupervisorSettings;
  sink: StatusSink;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => number;
  random?: () => number;
  /** Called on every state change (the app publishes it to `ingest.status`). */
  onHealth?: (status: InstanceHealth) => void;
}

/** What every part of a supervisor knows about its instance. */
export interface InstanceScope {
  host: string;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => number;
}
