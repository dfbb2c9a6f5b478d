/**
 * The REST audit of an open stream. A Mastodon stream can stay open, answer pings and deliver nothing (its
 * server lost Redis: pub/sub keeps no history), and nothing on the socket says so. While a session is open,
 * each channel is read over REST every MASTODON_AUDIT_INTERVAL_MS from its read position: what the stream
 * should have delivered and did not is produced from REST at once (the shared sink drops what it did deliver),
 * and a stream that misses statuses in consecutive audits is reconnected. A status is held against the stream
 * only once it is older than the grace period (updates arrive out of order, up to ~1.4 s late in a burst): one
 * the audit finds younger is awaited from the stream (stream-audit-awaited.ts) and held against it at the first
 * round past the grace period if the stream never delivered it.
 */
export interface AuditRound {
  /**
   * Statuses the stream should have delivered and did not: produced by this round older than the grace period,
   * or produced younger by an earlier round of the session and still not delivered now they are past it.
   */
  missed: number;
}

export type AuditVerdict = { kind: 'healthy' } | { kind: 'recovered'; missed: number } | { kind: 'reconnect'; missed: number; rounds: number };

/** Consecutive rounds with misses after which the stream is taken to be broken. */
export const ROUNDS_BEFORE_RECONNECT = 2;

/**
 * Keeps the verdict across rounds. Pure: a round's result in, a verdict out. One round with misses can be a
 * blip (a status the server dropped, a slow fan-out); two in a row mean the stream has stopped delivering.
 */
export class AuditRecord {
  private roundsMissing = 0;

  judge(round: AuditRound): AuditVerdict {
    if (round.missed === 0) {
      this.roundsMissing = 0;
      return { kind: 'healthy' };
    }
    this.roundsMissing += 1;
    if (this.roundsMissing >= ROUNDS_BEFORE_RECONNECT) {
      const rounds = this.roundsMissing;
      this.roundsMissing = 0;
      return { kind: 'reconnect', missed: round.missed, rounds };
    }
    return { kind: 'recovered', missed: round.missed };
  }
}

/** The time a status's `created_at` names, in ms; undefined when it is not a date. */
export function createdTime(createdAt: unknown): number | undefined {
  const created = typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN;
  return Number.isNaN(created) ? undefined : created;
}

/** True when a status created at `created` (ms) is old enough that the stream should have delivered it by `at`. */
export function pastGrace(created: number, at: number, graceMs: number): boolean {
  return created <= at - graceMs;
}

/** REST requests an audit may spend: one every this many ms on average, a third of Mastodon's 300 per 5 min. */
export const AUDIT_REQUEST_SPACING_MS = 3_000;

/** The pause between two audit rounds: the setting, stretched so that many channels stay within the budget. */
export function auditInterval(intervalMs: number, channels: number): number {
  return Math.max(intervalMs, channels * AUDIT_REQUEST_SPACING_MS);
}
