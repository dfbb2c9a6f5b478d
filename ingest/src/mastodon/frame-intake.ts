import type { SinkOutcome } from '../sources/post-sink.js';
import type { SourceStatus } from '../sources/source-status.js';
import { channelKey, channelKeyOfStream, type Channel, type ChannelKey } from './channel.js';
import type { ReadPositions } from './read-positions.js';
import type { StatusSink } from './status-sink.js';
import { heldAgainstStream } from './stream-audit.js';
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

/** Pure. The status id a status read on the channel moves its read position to: none for a hashtag no longer read. */
export function positionOf(key: ChannelKey, json: unknown, isWanted: (tag: string) => boolean): string | undefined {
  const id = (json as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id.length === 0) return undefined;
  return key.startsWith('hashtag:') && !isWanted(key.slice('hashtag:'.length)) ? undefined : id;
}

/** Pure. A status an audit produced (the stream had not) and that is old enough to be held against the stream. */
export function missedByStream(json: unknown, outcome: SinkOutcome, auditStartedAt: number | undefined, graceMs: number): boolean {
  const createdAt = (json as { created_at?: unknown } | null)?.created_at;
  return auditStartedAt !== undefined && outcome === 'accepted' && heldAgainstStream(createdAt, auditStartedAt, graceMs);
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

  constructor(private readonly deps: FrameIntakeDeps) {}

  /** A new session: its first odd frame is a warning again. */
  newSession(): void {
    this.oddFrames = 0;
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
      this.advance(intake.key, intake.json, sink.update(intake.json, frame.payload, origin));
    }
  }

  /** Hands a REST page on; with `auditStartedAt`, returns how many of its statuses the stream should have delivered. */
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
      if (missedByStream(status.json, outcome, auditStartedAt, this.deps.auditGraceMs)) missed += 1;
    }
    return missed;
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
