import type { InstanceHealth } from '@trendstream/contracts/api-types';
import type { StoredCursor } from '../sources/cursor-records.js';
import type { LiveSource } from '../sources/live-source.js';
import { channelKey, type Channel, type ChannelKey } from './channel.js';
import { resumableChannels } from './cursor-resume.js';
import { planFeeds } from './feed-plan.js';
import { FrameIntake } from './frame-intake.js';
import { HashtagSubscriptions, type ReadPlan } from './hashtag-subscriptions.js';
import { discoverInstance } from './instance-discovery.js';
import { InstanceLifecycle } from './instance-lifecycle.js';
import { InstanceStreamer } from './instance-streamer.js';
import { ReadPositions } from './read-positions.js';
import { MastodonRestClient } from './rest-client.js';
import { StreamAudits } from './stream-audit-rounds.js';
import type { InstanceScope, SupervisorDeps } from './supervisor-settings.js';
import { TimelineFill } from './timeline-fill.js';
import { TimelinePoller } from './timeline-poller.js';

export type { SupervisorDeps, SupervisorSettings } from './supervisor-settings.js';

/**
 * Reads one instance for the life of the process: discovers it, plans feeds, then streams (or polls) with
 * its own reconnect policy. States: starting -> streaming | polling, backing-off between attempts, and the
 * terminal unauthorized | disabled (one log line saying what to fix, no retry loop) and stopped.
 * See docs/ingest.md for the state machine. This class composes the parts, one role each: discovery
 * (instance-discovery.ts), the followed hashtags (hashtag-subscriptions.ts), where statuses come in
 * (frame-intake.ts), the gap fill (timeline-fill.ts) and audits (stream-audit-rounds.ts) while streaming
 * (instance-streamer.ts), polling (timeline-poller.ts), and the state with its backoff (instance-lifecycle.ts).
 */
export class InstanceSupervisor implements LiveSource {
  readonly network = 'mastodon' as const;
  private readonly lifecycle: InstanceLifecycle;
  private readonly rest: MastodonRestClient;
  /** Read position per channel: where a gap fill or the next poll starts, and what is checkpointed. */
  private readonly cursors = new ReadPositions();
  private readonly hashtags: HashtagSubscriptions;
  private readonly fill: TimelineFill;
  private readonly streamer: InstanceStreamer;
  private readonly poller: TimelinePoller;
  private plan: ReadPlan | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: SupervisorDeps) {
    const { target, settings, metrics, logger, now } = deps;
    const scope: InstanceScope = { host: target.host, metrics, logger, now };
    const rest = new MastodonRestClient({
      baseUrl: target.baseUrl,
      token: target.token,
      timeoutMs: settings.requestTimeoutMs,
      now,
      onRateLimitWait: (ms) => {
        metrics.rateLimitWaits.inc({ instance: target.host });
        logger.info({ waitMs: ms }, `${target.host}: REST rate limit nearly spent; waiting ${Math.ceil(ms / 1000)} s for the window to reset`);
      },
      onResponse: (status) => metrics.restRequests.inc({ instance: target.host, status: String(status) }),
    });
    const lifecycle = new InstanceLifecycle({ ...scope, backoff: settings.backoff, random: deps.random, onHealth: deps.onHealth });
    const cursors = this.cursors;
    const hashtags = new HashtagSubscriptions({ ...scope, maxHashtags: settings.maxHashtags });
    const channels = (): Channel[] => this.channels();
    const intake = new FrameIntake({
      ...scope,
      sink: deps.sink,
      status: lifecycle.status,
      cursors,
      auditGraceMs: settings.auditGraceMs,
      isWanted: (tag) => hashtags.isWanted(tag),
      streamChannels: () => this.streamer.session?.channels,
    });
    const fill = new TimelineFill({ ...scope, rest, cursors, intake, settings });
    const audits = new StreamAudits({ ...scope, fill, intake, cursors, channels, auditIntervalMs: settings.auditIntervalMs });
    this.streamer = new InstanceStreamer({ ...scope, token: target.token, settings, lifecycle, intake, fill, audits, hashtags, channels });
    this.poller = new TimelinePoller({ ...scope, hasToken: Boolean(target.token), lifecycle, rest, cursors, intake, channels, settings });
    this.rest = rest;
    this.lifecycle = lifecycle;
    this.hashtags = hashtags;
    this.fill = fill;
  }

  get host(): string {
    return this.deps.target.host;
  }

  get name(): string {
    return this.host;
  }

  get health(): InstanceHealth {
    return this.lifecycle.status.health;
  }

  /** Statuses received per second since the previous call (for the periodic `ingest.status` record). */
  takeRate(): number {
    return this.lifecycle.status.takeRate();
  }

  /**
   * Cursors saved by a previous run (see cursor-checkpointer.ts), given before start(): the first subscription
   * of each channel then fills the gap the restart left, as a reconnect does. Cursors already moved win.
   */
  resumeFrom(saved: ReadonlyMap<string, StoredCursor>): void {
    for (const [key, id] of resumableChannels(saved, this.deps.now())) this.cursors.resume(key, id);
  }

  /** The cursor of every channel read now, for the checkpoint of read positions. */
  cursorSnapshot(): ReadonlyMap<ChannelKey, string> {
    const snapshot = new Map<ChannelKey, string>();
    for (const channel of this.channels()) {
      const key = channelKey(channel);
      const id = this.cursors.get(key);
      if (id !== undefined) snapshot.set(key, id);
    }
    return snapshot;
  }

  /** Runs until stopped or a terminal state; resolves then. Never rejects. */
  start(): Promise<void> {
    this.running ??= this.run().catch((error: unknown) => {
      this.deps.logger.error({ err: error }, `${this.host}: reader failed unexpectedly; this instance is stopped`);
      this.lifecycle.status.set('stopped', `failed: ${(error as Error).message}`);
    });
    return this.running;
  }

  /** Subscribes and unsubscribes hashtag channels to match `tags` (normalized), at once when streaming. */
  setHashtags(tags: Iterable<string>): void {
    const removed = this.hashtags.set(tags);
    for (const tag of removed) this.cursors.delete(`hashtag:${tag}`);
    this.streamer.sync(removed);
  }

  async stop(): Promise<void> {
    this.lifecycle.stop();
    this.streamer.close();
    await this.running;
    await this.fill.idle();
    this.lifecycle.status.set('stopped', undefined);
  }

  /** The channels to read now, given the plan and the followed hashtags. */
  private channels(): Channel[] {
    return this.hashtags.channels(this.plan);
  }

  /** The state machine: discover, plan, then stream (falling back to polling when streaming is refused) or poll. */
  private async run(): Promise<void> {
    const { target, settings, logger } = this.deps;
    const info = await discoverInstance({ target, rest: this.rest, lifecycle: this.lifecycle, logger });
    if (!info) return;
    const plan = planFeeds({ access: info.access, hasToken: Boolean(target.token), timeline: settings.timeline, transport: settings.transport });
    if (plan.kind === 'disabled') {
      this.lifecycle.terminal('disabled', `${this.host}: ${plan.reason}. Remove it from MASTODON_INSTANCES (or ask its admins); not retrying until restart`);
      return;
    }
    if (plan.kind === 'unauthorized') {
      this.lifecycle.terminal(
        'unauthorized',
        `${this.host}: ${plan.reason}. Create a user token with the read:statuses scope (docs/sources.md) and set MASTODON_TOKENS=${this.host}=<token> or MASTODON_ACCESS_TOKEN; not retrying until restart`,
      );
      return;
    }
    this.plan = plan;
    for (const note of plan.notes) logger.info(`${this.host}: ${note}`);
    if (plan.transport === 'stream') {
      const next = await this.streamer.run(info.streamingUrl);
      if (next !== 'poll') return;
    }
    await this.poller.run();
  }
}
