import type { SinkOutcome } from '../sources/post-sink.js';
import type { SourceStatus } from '../sources/source-status.js';
import { channelKey, channelKeyOfStream, type Channel, type ChannelKey } from './channel.js';
import type { ReadPositions } from './read-positions.js';
import type { StatusSink } from './status-sink.js';
import { createdTime, pastGrace } from './stream-audit.js';
import { AwaitedStatuses } from './stream-audit-awaited.js';
import type { StreamFrame } from './stream-frame.js';
import type { InstanceScope } from './supervisor-settings.js';
import type { TimelineStatus } from './timeline-reader.js';

export type EventFrame = Extract<StreamFrame, { kind: 'event' }>;

/** What to do with an event frame. */
export type EventIntake =
  | { kind: 'skip' }
  | { kind: 'delete'; id: string }
  | { kind: 'odd'; reason: string }
  | { kind: 'edit'; json: unknown }
  | { kind: 'update'; key: ChannelKey; json: unknown };

/**
 * Pure. Only frames of a channel subscribed on the open session count; deletes need an id, and `update` and
 * `status.update` a status as a JSON string (Mastodon's format: an object, an empty or a truncated payload is
 * an odd frame). Other events (notifications, announcements) are skipped.
 */
export function takeEvent(frame: EventFrame, subscribed: readonly ChannelKey[] | undefined): EventIntake {
  const key = channelKeyOfStream(frame.stream);
  if (!key || !subscribed?.includes(key)) return { kind: 'skip' };
  if (frame.event === 'delete') return frame.payload ? { kind: 'delete', id: frame.payload } : { kind: 'skip' };
  if (frame.event !== 'update' && frame.event !== 'status.update') return { kind: 'skip' };
  let json: unknown;
  try {
    json = JSON.parse(frame.payload ?? '');
  } catch {
    return { kind: 'odd', reason: `the payload of an ${frame.event} frame is not a JSON string` };
  }
  return frame.event === 'status.update' ? { kind: 'edit', json } : { kind: 'update', key, json };
}

/** Pure. A status's id; undefined when it has no usable one. */
export function statusIdOf(json: unknown): string | undefined {
  const id = (json as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** Pure. The status id a status read on the channel moves its read position to: none for a hashtag no longer read. */
export function positionOf(key: ChannelKey, json: unknown, isWanted: (tag: string) => boolean): string | undefined {
  const id = statusIdOf(json);
  if (id === undefined) return undefined;
  return key.startsWith('hashtag:') && !isWanted(key.slice('hashtag:'.length)) ? undefined : id;
}

/** What an audit's read of one status says about the stream. */
export type AuditFinding = { kind: 'none' } | { kind: 'missed' } | { kind: 'young'; id: string; createdAt: number };

/**
 * Pure. A status an audit produced (the stream had not delivered it) is missed when it is older than the grace
 * period, and young otherwise: then it is awaited from the stream (stream-audit-awaited.ts). A status the stream
 * delivered (a duplicate), the queue dropped or the sink refused says nothing, nor does a read outside an audit.
 */
export function auditFinding(json: unknown, outcome: SinkOutcome, auditStartedAt: number | undefined, graceMs: number): AuditFinding {
  if (auditStartedAt === undefined || outcome !== 'accepted') return { kind: 'none' };
  const created = createdTime((json as { created_at?: unknown } | null)?.created_at);
  if (created === undefined) return { kind: 'none' };
  if (pastGrace(created, auditStartedAt, graceMs)) return { kind: 'missed' };
  const id = statusIdOf(json);
  return id === undefined ? { kind: 'none' } : { kind: 'young', id, createdAt: created };
}

export interface FrameIntakeDeps extends InstanceScope {
  sink: StatusSink;
  status: SourceStatus;
  cursors: ReadPositions;
  auditGraceMs: number;
  isWanted: (tag: string) => boolean;
  /** The channels subscribed on the open session; undefined without one. */
  streamChannels: () => readonly ChannelKey[] | undefined;
}

/** Where every status of an instance comes in, from the stream and from REST alike: to the sink, then the read position. */
export class FrameIntake {
  /** Frames of the current session that were not the streaming protocol (the first one is a warning). */
  private oddFrames = 0;
  /** Statuses the session's audits produced young, until the stream delivers them or they are past the grace period. */
  private readonly awaited = new AwaitedStatuses();

  constructor(private readonly deps: FrameIntakeDeps) {}

  /** A new session: its first odd frame is a warning again, and nothing the last one's audits awaited is held against it. */
  newSession(): void {
    this.oddFrames = 0;
    this.awaited.clear();
  }

  onEvent(frame: EventFrame): void {
    const { host, sink, metrics } = this.deps;
    const origin = { instance: host, source: 'stream' as const };
    const intake = takeEvent(frame, this.deps.streamChannels());
    if (intake.kind === 'delete') sink.delete(intake.id, origin);
    else if (intake.kind === 'odd') this.oddFrame(intake.reason);
    else if (intake.kind === 'edit') sink.statusUpdate(intake.json, origin);
    else if (intake.kind === 'update') {
      this.deps.status.countReceived();
      metrics.statusesReceived.inc({ instance: host, source: 'stream', channel: intake.key.startsWith('hashtag:') ? 'hashtag' : intake.key });
      // Here, not by the sink's outcome: the stream's copy of a status an audit produced is a duplicate it drops.
      const id = statusIdOf(intake.json);
      if (id !== undefined) this.awaited.delivered(id);
      this.advance(intake.key, intake.json, sink.update(intake.json, frame.payload, origin));
    }
  }

  /**
   * Hands a REST page on; with `auditStartedAt`, returns how many of its statuses the stream should have delivered,
   * and awaits from the stream those it produced while they were young.
   */
  onRestPage(channel: Channel, statuses: readonly TimelineStatus[], auditStartedAt?: number): number {
    const { host, sink, metrics } = this.deps;
    const key = channelKey(channel);
    const origin = { instance: host, source: 'rest' as const };
    let missed = 0;
    for (const status of statuses) {
      this.deps.status.countReceived();
      metrics.statusesReceived.inc({ instance: host, source: 'rest', channel: channel.kind });
      metrics.gapFillStatuses.inc({ instance: host });
      const outcome = sink.update(status.json, status.raw, origin);
      this.advance(key, status.json, outcome);
      const finding = auditFinding(status.json, outcome, auditStartedAt, this.deps.auditGraceMs);
      if (finding.kind === 'missed') missed += 1;
      else if (finding.kind === 'young') this.awaited.follow(finding.id, finding.createdAt);
    }
    return missed;
  }

  /**
   * How many statuses the session's audits produced young are past the grace period at `auditStartedAt` and still
   * not delivered by the stream: misses of that round, each counted once.
   */
  takeOverdue(auditStartedAt: number): number {
    return this.awaited.takeOverdue(auditStartedAt, this.deps.auditGraceMs);
  }

  /**
   * A frame that is not the streaming protocol, or an update whose payload is not a status: skipped, never
   * fatal. One warning per session, the rest at debug level (a broken server could send thousands).
   */
  oddFrame(reason: string): void {
    const { host, metrics, logger } = this.deps;
    metrics.invalid.inc({ instance: host });
    this.oddFrames += 1;
    if (this.oddFrames === 1)
      logger.warn(
        { reason },
        `${host}: ignoring a streaming frame that is not the protocol (${reason}); further ones on this connection are logged at debug level`,
      );
    else logger.debug({ reason }, `${host}: ignoring a streaming frame that is not the protocol`);
  }

  /**
   * Moves the channel's read position, in the same synchronous step as the sink's offer to the queue (the
   * checkpoint relies on it). A status the queue refused holds the position (see read-positions.ts).
   */
  private advance(key: ChannelKey, json: unknown, outcome: SinkOutcome): void {
    const id = positionOf(key, json, this.deps.isWanted);
    if (id !== undefined) this.deps.cursors.read(key, id, outcome === 'dropped');
  }
}
