import { channelKey, type Channel } from './channel.js';
import type { FrameIntake } from './frame-intake.js';
import type { ReadPositions } from './read-positions.js';
import { AuditRecord, auditInterval } from './stream-audit.js';
import type { StreamingSession } from './streaming-session.js';
import type { InstanceScope } from './supervisor-settings.js';
import type { TimelineFill } from './timeline-fill.js';

export interface StreamAuditsDeps extends InstanceScope {
  fill: Pick<TimelineFill, 'enqueue' | 'readForward'>;
  /** What earlier rounds produced young and the stream has still not delivered. */
  intake: Pick<FrameIntake, 'takeOverdue'>;
  cursors: ReadPositions;
  channels: () => Channel[];
  /** Pause between rounds (stretched by auditInterval()); 0 turns audits off. */
  auditIntervalMs: number;
}

/**
 * Audits an open stream over REST, round after round (the rules, and why, are in stream-audit.ts): each round
 * reads every channel forward from its read position, adds what earlier rounds produced young and the stream
 * never delivered, and the verdict forgives a round with misses or ends the session. Each round waits its turn
 * on the fill chain, so REST stays one request at a time.
 */
export class StreamAudits {
  constructor(private readonly deps: StreamAuditsDeps) {}

  /** Audits `session` until `signal` aborts (the session ended); returns a function that stops the audits. */
  start(session: Pick<StreamingSession, 'abandon'>, signal: AbortSignal): () => void {
    const { auditIntervalMs, fill } = this.deps;
    if (auditIntervalMs <= 0) return () => {};
    const record = new AuditRecord();
    let timer: NodeJS.Timeout | undefined;
    const schedule = (): void => {
      timer = setTimeout(
        () => {
          fill.enqueue(
            () => (signal.aborted ? undefined : this.round(session, record, signal)),
            () => {
              if (!signal.aborted) schedule();
            },
          );
        },
        auditInterval(auditIntervalMs, this.deps.channels().length),
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }

  private async round(session: Pick<StreamingSession, 'abandon'>, record: AuditRecord, signal: AbortSignal): Promise<void> {
    const { host, metrics, logger, cursors } = this.deps;
    const startedAt = this.deps.now();
    let missed = 0;
    try {
      for (const channel of this.deps.channels()) {
        const position = cursors.get(channelKey(channel));
        if (signal.aborted || position === undefined) continue;
        const started = cursors.readStarted();
        // From the position itself: the gap fill's margin would re-read seconds of a busy timeline every round.
        missed += await this.deps.fill.readForward(channel, position, started, signal, startedAt);
      }
    } catch (error) {
      if (!signal.aborted) logger.warn(`${host}: audit of the stream over REST failed: ${(error as Error).message}`);
      return;
    }
    if (signal.aborted) return;
    // After the reads: a round that failed leaves them for the next one.
    missed += this.deps.intake.takeOverdue(startedAt);
    const verdict = record.judge({ missed });
    if (verdict.kind === 'healthy') return;
    metrics.auditMissed.inc({ instance: host }, verdict.missed);
    if (verdict.kind === 'recovered') {
      logger.warn(`${host}: the stream had not delivered ${verdict.missed} status(es) the REST timeline holds; produced them from REST`);
      return;
    }
    session.abandon(`the stream missed ${verdict.missed} status(es) in ${verdict.rounds} audits in a row (open but not delivering)`);
  }
}
