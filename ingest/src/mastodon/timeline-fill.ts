import { delay } from '../sources/abortable-delay.js';
import { channelKey, channelLabel, type Channel } from './channel.js';
import type { FrameIntake } from './frame-intake.js';
import type { ReadPositions } from './read-positions.js';
import type { MastodonRestClient } from './rest-client.js';
import { cursorWithMargin, snowflakeAt } from './status-id.js';
import type { InstanceScope, SupervisorSettings } from './supervisor-settings.js';
import { readTimelineForward } from './timeline-reader.js';

/** What a new subscription of a channel needs: a read position to start from, or a gap fill from its position. */
export type GapFillStart = { kind: 'position'; id: string } | { kind: 'fill'; minId: string };

/**
 * Pure. A channel that has seen no post yet is read from the moment it was first subscribed (a Snowflake of
 * that time, without margin): a reconnect or an audit then covers it too (a quiet hashtag would otherwise have
 * no position to fill from). A channel with a position is filled from it, less the margin (updates arrive out
 * of order, so a status older than the newest one seen may still have been on its way).
 */
export function gapFillStart(position: string | undefined, now: number, marginMs: number): GapFillStart {
  return position === undefined ? { kind: 'position', id: snowflakeAt(now) } : { kind: 'fill', minId: cursorWithMargin(position, marginMs) };
}

export interface TimelineFillDeps extends InstanceScope {
  rest: MastodonRestClient;
  cursors: ReadPositions;
  intake: Pick<FrameIntake, 'onRestPage'>;
  settings: Pick<SupervisorSettings, 'gapFillDelayMs' | 'gapFillMarginMs' | 'gapFillMaxPages'>;
}

/**
 * Reads channels forward over REST while streaming: the gap fill after each `subscribe`, and (through
 * enqueue()) the audits. Everything runs on one chain, one read after the other, so REST stays one request
 * at a time.
 */
export class TimelineFill {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: TimelineFillDeps) {}

  /** Runs `task` once everything queued before it is done; `settled` after it, whatever its outcome. */
  enqueue(task: () => Promise<void> | undefined, settled?: () => void): void {
    const next = this.chain.then(task);
    this.chain = settled ? next.finally(settled) : next;
  }

  /** Settles once everything queued until now is done. */
  idle(): Promise<void> {
    return this.chain;
  }

  /**
   * A `subscribe` for the channel went out: what is sent from now on reaches us. Its position is captured now
   * (events arriving from here on move it past the gap we must fill), and the gap is filled after a while.
   */
  afterSubscribe(channel: Channel, signal: AbortSignal): void {
    const { cursors, settings } = this.deps;
    const key = channelKey(channel);
    const saved = cursors.get(key);
    const started = cursors.readStarted();
    const start = gapFillStart(saved, this.deps.now(), settings.gapFillMarginMs);
    if (start.kind === 'position') {
      cursors.resume(key, start.id);
      return;
    }
    this.enqueue(async () => {
      // Give the server time to act on the subscribe and deliver stragglers (updates arrive out of order).
      await delay(settings.gapFillDelayMs, signal);
      if (signal.aborted) return;
      await this.fill(channel, start.minId, started, signal);
    });
  }

  /**
   * Reads a channel over REST from `minId` up to its newest status, however long the gap: in rounds of
   * MASTODON_GAP_FILL_MAX_PAGES pages, oldest first, each round from where the last one ended (the REST client
   * waits for the rate-limit window when the budget runs low). With `auditStartedAt`, returns how many statuses
   * it produced that the stream should have delivered.
   */
  async readForward(channel: Channel, minId: string, started: number, signal: AbortSignal, auditStartedAt?: number): Promise<number> {
    const { host, metrics, logger, settings } = this.deps;
    let from = minId;
    let missed = 0;
    for (let round = 1; ; round++) {
      const result = await readTimelineForward(this.deps.rest, channel, from, {
        maxPages: settings.gapFillMaxPages,
        signal,
        onPage: (statuses) => (missed += this.deps.intake.onRestPage(channel, statuses, auditStartedAt)),
      });
      if (result.reachedHead) {
        this.deps.cursors.readThrough(channelKey(channel), started);
        logger.debug({ channel: channelLabel(channel), rounds: round, ...result }, 'read up to the newest status');
        return missed;
      }
      if (round === 1) {
        metrics.gapFillTruncated.inc({ instance: host });
        logger.info(
          `${host}: the gap in ${channelLabel(channel)} is more than ${settings.gapFillMaxPages} pages; reading on in rounds until the newest status`,
        );
      }
      if (signal.aborted || result.newestId === undefined) return missed;
      from = result.newestId;
    }
  }

  private async fill(channel: Channel, minId: string, started: number, signal: AbortSignal): Promise<void> {
    try {
      await this.readForward(channel, minId, started, signal);
    } catch (error) {
      if (signal.aborted) return;
      // The stream goes on; the next reconnect, audit or poll tries again from the same cursor.
      this.deps.logger.warn(`${this.deps.host}: gap fill of ${channelLabel(channel)} failed: ${(error as Error).message}`);
    }
  }
}
