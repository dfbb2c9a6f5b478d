import { delay } from '../sources/abortable-delay.js';
import { channelKey, channelLabel, type Channel } from './channel.js';
import type { FrameIntake } from './frame-intake.js';
import type { InstanceLifecycle } from './instance-lifecycle.js';
import type { ReadPositions } from './read-positions.js';
import { RestError, type MastodonRestClient } from './rest-client.js';
import { cursorWithMargin } from './status-id.js';
import type { InstanceScope, SupervisorSettings } from './supervisor-settings.js';
import { needsUserToken, readTimelineForward } from './timeline-reader.js';

/**
 * Pure. What a failed poll of one channel means: the timeline needs a (user) token (422/403/401: polling again
 * cannot help, so it is terminal like a refused streaming token; before Mastodon 4.5 nothing announces this,
 * "timeline preview" off), the instance refuses that channel only (tried again next round), or anything else
 * (the round stops and backs off).
 */
export function pollFailure(error: unknown): 'unauthorized' | 'skip-channel' | 'back-off' {
  if (needsUserToken(error)) return 'unauthorized';
  return error instanceof RestError && error.kind === 'refused' ? 'skip-channel' : 'back-off';
}

/** Pure. Where a poll of a channel starts: its position less the margin, or (without one) the newest page only. */
export function pollFrom(position: string | undefined, marginMs: number): string | undefined {
  return position === undefined ? undefined : cursorWithMargin(position, marginMs);
}

export interface TimelinePollerDeps extends InstanceScope {
  hasToken: boolean;
  lifecycle: InstanceLifecycle;
  rest: MastodonRestClient;
  cursors: ReadPositions;
  intake: Pick<FrameIntake, 'onRestPage'>;
  channels: () => Channel[];
  settings: Pick<SupervisorSettings, 'gapFillMarginMs' | 'gapFillMaxPages' | 'pollIntervalMs'>;
}

type RoundEnd = { kind: 'done' } | { kind: 'end' } | { kind: 'failed'; message: string };

/** Reads each channel's REST timeline forward from its read position, every MASTODON_POLL_INTERVAL_MS. */
export class TimelinePoller {
  constructor(private readonly deps: TimelinePollerDeps) {}

  /** Polls until stopped or terminal. */
  async run(): Promise<void> {
    const { lifecycle } = this.deps;
    lifecycle.status.set('polling', undefined);
    while (!lifecycle.stopped) {
      const end = await this.round();
      if (end.kind === 'end') return;
      if (end.kind === 'failed') {
        await lifecycle.backOff(`polling failed: ${end.message}`);
        continue;
      }
      lifecycle.backoff.reset();
      lifecycle.status.set('polling', undefined);
      await delay(this.deps.settings.pollIntervalMs, lifecycle.signal);
    }
  }

  private async round(): Promise<RoundEnd> {
    const { host, lifecycle, cursors, settings } = this.deps;
    for (const channel of this.deps.channels()) {
      if (lifecycle.stopped) return { kind: 'end' };
      const from = cursors.get(channelKey(channel));
      const started = cursors.readStarted();
      try {
        await readTimelineForward(this.deps.rest, channel, pollFrom(from, settings.gapFillMarginMs), {
          maxPages: settings.gapFillMaxPages,
          signal: lifecycle.signal,
          onPage: (statuses) => this.deps.intake.onRestPage(channel, statuses),
          stopAtShortPage: true,
        });
        cursors.readThrough(channelKey(channel), started);
      } catch (error) {
        if (lifecycle.stopped) return { kind: 'end' };
        const message = (error as Error).message;
        const failure = pollFailure(error);
        if (failure === 'unauthorized') {
          lifecycle.unauthorized(`its ${channelLabel(channel)} timeline is refused to ${this.deps.hasToken ? 'this token' : 'anonymous readers'} (${message})`);
          return { kind: 'end' };
        }
        if (failure === 'back-off') return { kind: 'failed', message };
        this.deps.logger.warn(`${host}: ${channelLabel(channel)} cannot be polled: ${message}`);
      }
    }
    return { kind: 'done' };
  }
}
