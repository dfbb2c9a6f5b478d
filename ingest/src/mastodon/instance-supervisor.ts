import type { Logger } from 'pino';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { parseHashtag } from '@trendstream/contracts/hashtag';
import type { IngestMetrics } from '../metrics.js';
import { delay } from '../sources/abortable-delay.js';
import { Backoff, type BackoffPolicy } from '../sources/backoff.js';
import { channelKey, channelKeyOfStream, channelLabel, type Channel, type ChannelKey } from './channel.js';
import { planFeeds, type FeedPlan, type TimelineChoice } from './feed-plan.js';
import { parseInstanceV1, parseInstanceV2, type InstanceInfo } from './instance-info.js';
import type { StoredCursor } from '../sources/cursor-records.js';
import type { LiveSource } from '../sources/live-source.js';
import { resumableChannels } from './cursor-resume.js';
import type { InstanceTarget } from './instance-target.js';
import { ReadPositions } from './read-positions.js';
import { MastodonRestClient, RestError, USER_AGENT, type RestResponse } from './rest-client.js';
import type { SinkOutcome } from '../sources/post-sink.js';
import { SourceStatus } from '../sources/source-status.js';
import type { StatusSink } from './status-sink.js';
import { cursorWithMargin, snowflakeAt } from './status-id.js';
import { AuditRecord, auditInterval, heldAgainstStream } from './stream-audit.js';
import type { StreamFrame } from './stream-frame.js';
import { StreamingSession, type SessionEnd } from './streaming-session.js';
import { openStreamingSocket, StreamingRefusedError } from './streaming-socket.js';
import { needsUserToken, readTimelineForward, type TimelineStatus } from './timeline-reader.js';

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
  /** Statuses younger than this are not held against the stream by an audit. */
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

/** A hashtag subscription answered by an error frame this soon is taken to be the one the server refused. */
const REFUSAL_WINDOW_MS = 2_000;

/**
 * Reads one instance for the life of the process: discovers it, plans feeds, then streams (or polls) with
 * its own reconnect policy. States: starting -> streaming | polling, backing-off between attempts, and the
 * terminal unauthorized | disabled (one log line saying what to fix, no retry loop) and stopped.
 * See docs/ingest.md for the state machine.
 */
export class InstanceSupervisor implements LiveSource {
  readonly network = 'mastodon' as const;
  private readonly status: SourceStatus;
  private readonly stopping = new AbortController();
  private readonly rest: MastodonRestClient;
  private readonly backoff: Backoff;
  private plan: Extract<FeedPlan, { kind: 'read' }> | undefined;
  private session: StreamingSession | undefined;
  private sessionScope: AbortController | undefined;
  /** Read position per channel: where a gap fill or the next poll starts, and what is checkpointed. */
  private readonly cursors = new ReadPositions();
  private wantedTags: string[] = [];
  /** Tags the instance refused with an error frame; skipped until they are followed again. */
  private readonly refusedTags = new Set<string>();
  private readonly subscribedAt = new Map<ChannelKey, number>();
  private fillChain: Promise<void> = Promise.resolve();
  /** Frames of the current session that were not the streaming protocol (the first one is a warning). */
  private oddFrames = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: SupervisorDeps) {
    this.rest = new MastodonRestClient({
      baseUrl: deps.target.baseUrl,
      token: deps.target.token,
      timeoutMs: deps.settings.requestTimeoutMs,
      now: deps.now,
      onRateLimitWait: (ms) => {
        deps.metrics.rateLimitWaits.inc({ instance: this.host });
        this.log.info({ waitMs: ms }, `${this.host}: REST rate limit nearly spent; waiting ${Math.ceil(ms / 1000)} s for the window to reset`);
      },
      onResponse: (status) => deps.metrics.restRequests.inc({ instance: this.host, status: String(status) }),
    });
    this.backoff = new Backoff(deps.settings.backoff, deps.random);
    this.status = new SourceStatus({ name: deps.target.host, network: 'mastodon', metrics: deps.metrics, now: deps.now, onHealth: deps.onHealth });
  }

  get host(): string {
    return this.deps.target.host;
  }

  get name(): string {
    return this.host;
  }

  get health(): InstanceHealth {
    return this.status.health;
  }

  /** Statuses received per second since the previous call (for the periodic `ingest.status` record). */
  takeRate(): number {
    return this.status.takeRate();
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
      this.log.error({ err: error }, `${this.host}: reader failed unexpectedly; this instance is stopped`);
      this.status.set('stopped', `failed: ${(error as Error).message}`);
    });
    return this.running;
  }

  /** Subscribes and unsubscribes hashtag channels to match `tags` (normalized), at once when streaming. */
  setHashtags(tags: Iterable<string>): void {
    const valid: string[] = [];
    for (const tag of [...new Set(tags)].sort()) {
      const check = parseHashtag(tag);
      if (!check.ok || check.tag !== tag) {
        this.deps.metrics.rejectedHashtags.inc();
        this.log.warn({ tag }, `${this.host}: not subscribing "${tag}": ${check.ok ? 'not normalized' : check.reason}`);
      } else {
        valid.push(tag);
      }
    }
    for (const tag of this.refusedTags) if (!valid.includes(tag)) this.refusedTags.delete(tag);
    if (valid.length > this.deps.settings.maxHashtags) {
      this.deps.metrics.rejectedHashtags.inc(valid.length - this.deps.settings.maxHashtags);
      this.log.warn(`${this.host}: ${valid.length} hashtags followed, subscribing the first ${this.deps.settings.maxHashtags} (MASTODON_MAX_HASHTAGS)`);
      valid.length = this.deps.settings.maxHashtags;
    }
    const removed = this.wantedTags.filter((tag) => !valid.includes(tag));
    this.wantedTags = valid;
    for (const tag of removed) this.cursors.delete(`hashtag:${tag}`);
    this.syncSession(removed);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.session?.close();
    await this.running;
    await this.fillChain;
    this.status.set('stopped', undefined);
  }

  private get log(): Logger {
    return this.deps.logger;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    const info = await this.discover();
    if (!info) return;
    const plan = planFeeds({
      access: info.access,
      hasToken: Boolean(this.deps.target.token),
      timeline: this.deps.settings.timeline,
      transport: this.deps.settings.transport,
    });
    if (plan.kind === 'disabled') {
      this.terminal('disabled', `${this.host}: ${plan.reason}. Remove it from MASTODON_INSTANCES (or ask its admins); not retrying until restart`);
      return;
    }
    if (plan.kind === 'unauthorized') {
      this.terminal(
        'unauthorized',
        `${this.host}: ${plan.reason}. Create a user token with the read:statuses scope (docs/sources.md) and set MASTODON_TOKENS=${this.host}=<token> or MASTODON_ACCESS_TOKEN; not retrying until restart`,
      );
      return;
    }
    this.plan = plan;
    for (const note of plan.notes) this.log.info(`${this.host}: ${note}`);
    if (plan.transport === 'stream') {
      const next = await this.stream(info.streamingUrl);
      if (next !== 'poll') return;
    }
    await this.poll();
  }

  private async discover(): Promise<InstanceInfo | undefined> {
    this.status.set('starting', 'reading /api/v2/instance');
    while (!this.stopped) {
      try {
        const info = await this.readInstance();
        this.backoff.reset();
        this.log.info({ streamingUrl: info.streamingUrl, version: info.version, access: info.access }, `${this.host}: discovered`);
        return info;
      } catch (error) {
        if (this.stopped) return undefined;
        if (error instanceof RestError && error.kind === 'unauthorized') {
          this.unauthorized(error.message);
          return undefined;
        }
        await this.backOff(`instance discovery failed: ${(error as Error).message}`);
      }
    }
    return undefined;
  }

  private async readInstance(): Promise<InstanceInfo> {
    try {
      const v2 = await this.getInstanceDocument('/api/v2/instance');
      const info = parseInstanceV2(v2.json, this.deps.target.baseUrl);
      if (info) return info;
    } catch (error) {
      if (!(error instanceof RestError && error.kind === 'refused' && error.status === 404)) throw error;
    }
    const v1 = await this.getInstanceDocument('/api/v1/instance');
    const info = parseInstanceV1(v1.json, this.deps.target.baseUrl);
    if (!info) throw new RestError('bad-response', '/api/v1/instance is not a Mastodon instance description');
    return info;
  }

  /**
   * The instance description is public, so it is asked for without the token; but an instance in
   * limited-federation mode (or with DISALLOW_UNAUTHENTICATED_API_ACCESS) answers every anonymous API call
   * with 401, this one included. Then it is asked once more with the token, when there is one.
   */
  private async getInstanceDocument(path: string): Promise<RestResponse> {
    const signal = this.stopping.signal;
    try {
      return await this.rest.get(path, {}, signal, { anonymous: true });
    } catch (error) {
      if (!(error instanceof RestError && error.kind === 'unauthorized' && this.deps.target.token)) throw error;
      this.log.debug(`${this.host}: ${path} needs a logged-in user; asking again with the token`);
      return this.rest.get(path, {}, signal);
    }
  }

  /** Streams until stopped or terminal ('end'), or until the server refuses streaming ('poll'). */
  private async stream(baseUrl: string): Promise<'end' | 'poll'> {
    const url = `${baseUrl}/api/v1/streaming`;
    while (!this.stopped) {
      let socket;
      try {
        socket = await openStreamingSocket({
          url,
          token: this.deps.target.token,
          timeoutMs: this.deps.settings.requestTimeoutMs,
          signal: this.stopping.signal,
          userAgent: USER_AGENT,
        });
      } catch (error) {
        if (this.stopped) return 'end';
        if (error instanceof StreamingRefusedError && error.status === 401) {
          this.unauthorized(`the streaming server refused the token (401 ${error.serverMessage ?? 'Unauthorized'})`);
          return 'end';
        }
        if (error instanceof StreamingRefusedError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
          this.log.warn(
            `${this.host}: streaming refused (${error.message}); polling the REST timelines every ${this.deps.settings.pollIntervalMs / 1000} s instead`,
          );
          return 'poll';
        }
        await this.backOff(`connecting to the streaming API failed: ${(error as Error).message}`);
        continue;
      }
      const end = await this.runSession(baseUrl, socket);
      if (this.stopped) return 'end';
      this.deps.metrics.reconnects.inc({ instance: this.host, reason: end.reason });
      if (end.reason === 'stall') this.deps.metrics.stalls.inc({ instance: this.host });
      await this.backOff(`stream ended (${end.reason}: ${end.detail})`);
    }
    return 'end';
  }

  private async runSession(baseUrl: string, socket: Awaited<ReturnType<typeof openStreamingSocket>>): Promise<SessionEnd> {
    const scope = new AbortController();
    this.sessionScope = scope;
    this.oddFrames = 0;
    const openedAt = this.deps.now();
    const session = new StreamingSession(socket, {
      // masto is handed the socket we opened (see StreamingSession) and never connects to this itself.
      streamingUrl: baseUrl,
      token: this.deps.target.token,
      stallTimeoutMs: this.deps.settings.stallTimeoutMs,
      now: this.deps.now,
      handlers: {
        onEvent: (frame) => this.onEvent(frame),
        onInvalidFrame: (reason) => this.oddFrame(reason),
        onSubscribed: (key) => this.onSubscribed(key, scope.signal),
      },
    });
    this.session = session;
    this.status.set('streaming', undefined);
    this.syncSession([]);
    const stopAudits = this.startAudits(session, scope.signal);
    const end = await session.ended;
    stopAudits();
    this.session = undefined;
    scope.abort();
    if (end.reason === 'error-frame') this.refuseRecentTags(end.detail);
    // A session that lived past the stall timeout was healthy: the next failure starts the backoff over.
    if (this.deps.now() - openedAt >= this.deps.settings.stallTimeoutMs) this.backoff.reset();
    return end;
  }

  /** The channels to read now, given the plan and the followed hashtags. */
  private channels(): Channel[] {
    if (!this.plan) return [];
    const channels: Channel[] = this.plan.main ? [{ kind: this.plan.main }] : [];
    if (this.plan.hashtags) {
      const only = this.plan.hashtagHalf;
      for (const tag of this.wantedTags) if (!this.refusedTags.has(tag)) channels.push(only ? { kind: 'hashtag', tag, only } : { kind: 'hashtag', tag });
    }
    return channels;
  }

  private syncSession(removedTags: readonly string[]): void {
    const session = this.session;
    if (!session) return;
    for (const tag of removedTags) session.unsubscribe(`hashtag:${tag}`);
    for (const channel of this.channels()) session.subscribe(channel);
  }

  private onSubscribed(key: ChannelKey, signal: AbortSignal): void {
    this.subscribedAt.set(key, this.deps.now());
    // Captured now: events arriving from here on move the cursor past the gap we must fill.
    const saved = this.cursors.get(key);
    const started = this.cursors.readStarted();
    const channel = this.channels().find((candidate) => channelKey(candidate) === key);
    if (!channel) return;
    if (saved === undefined) {
      // A channel that has seen no post yet is read from the moment it was first subscribed: a reconnect or an
      // audit then covers it too (a quiet hashtag would otherwise have no position to fill from).
      this.cursors.resume(key, snowflakeAt(this.deps.now()));
      return;
    }
    this.fillChain = this.fillChain.then(async () => {
      // Give the server time to act on the subscribe and deliver stragglers (updates arrive out of order).
      await delay(this.deps.settings.gapFillDelayMs, signal);
      if (signal.aborted) return;
      await this.fill(channel, cursorWithMargin(saved, this.deps.settings.gapFillMarginMs), started, signal);
    });
  }

  private async fill(channel: Channel, minId: string, started: number, signal: AbortSignal): Promise<void> {
    try {
      await this.readForward(channel, minId, started, signal);
    } catch (error) {
      if (signal.aborted) return;
      // The stream goes on; the next reconnect, audit or poll tries again from the same cursor.
      this.log.warn(`${this.host}: gap fill of ${channelLabel(channel)} failed: ${(error as Error).message}`);
    }
  }

  /**
   * Reads a channel over REST from `minId` up to its newest status, however long the gap: in rounds of
   * MASTODON_GAP_FILL_MAX_PAGES pages, oldest first, each round from where the last one ended (the REST client
   * waits for the rate-limit window when the budget runs low). With `auditStartedAt`, returns how many statuses
   * it produced that the stream should have delivered.
   */
  private async readForward(channel: Channel, minId: string, started: number, signal: AbortSignal, auditStartedAt?: number): Promise<number> {
    let from = minId;
    let missed = 0;
    for (let round = 1; ; round++) {
      const result = await readTimelineForward(this.rest, channel, from, {
        maxPages: this.deps.settings.gapFillMaxPages,
        signal,
        onPage: (statuses) => (missed += this.onRestPage(channel, statuses, auditStartedAt)),
      });
      if (result.reachedHead) {
        this.cursors.readThrough(channelKey(channel), started);
        this.log.debug({ channel: channelLabel(channel), rounds: round, ...result }, 'read up to the newest status');
        return missed;
      }
      if (round === 1) {
        this.deps.metrics.gapFillTruncated.inc({ instance: this.host });
        this.log.info(
          `${this.host}: the gap in ${channelLabel(channel)} is more than ${this.deps.settings.gapFillMaxPages} pages; reading on in rounds until the newest status`,
        );
      }
      if (signal.aborted || result.newestId === undefined) return missed;
      from = result.newestId;
    }
  }

  /**
   * Audits the open stream over REST until `signal` aborts (the session ended); returns a function that stops
   * the audits. Each round waits its turn on the same chain as the gap fills, so REST stays one request at a time.
   */
  private startAudits(session: StreamingSession, signal: AbortSignal): () => void {
    const { auditIntervalMs, auditGraceMs } = this.deps.settings;
    if (auditIntervalMs <= 0) return () => {};
    const record = new AuditRecord();
    let timer: NodeJS.Timeout | undefined;
    const schedule = (): void => {
      timer = setTimeout(
        () => {
          this.fillChain = this.fillChain
            .then(() => (signal.aborted ? undefined : this.auditRound(session, record, auditGraceMs, signal)))
            .finally(() => {
              if (!signal.aborted) schedule();
            });
        },
        auditInterval(auditIntervalMs, this.channels().length),
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }

  private async auditRound(session: StreamingSession, record: AuditRecord, graceMs: number, signal: AbortSignal): Promise<void> {
    const startedAt = this.deps.now();
    let missed = 0;
    try {
      for (const channel of this.channels()) {
        const position = this.cursors.get(channelKey(channel));
        if (signal.aborted || position === undefined) continue;
        const started = this.cursors.readStarted();
        // From the position itself: the gap fill's margin would re-read seconds of a busy timeline every round.
        missed += await this.readForward(channel, position, started, signal, startedAt);
      }
    } catch (error) {
      if (!signal.aborted) this.log.warn(`${this.host}: audit of the stream over REST failed: ${(error as Error).message}`);
      return;
    }
    if (signal.aborted) return;
    const verdict = record.judge({ missed });
    if (verdict.kind === 'healthy') return;
    this.deps.metrics.auditMissed.inc({ instance: this.host }, verdict.missed);
    if (verdict.kind === 'recovered') {
      this.log.warn(`${this.host}: the stream had not delivered ${verdict.missed} status(es) the REST timeline holds; produced them from REST`);
      return;
    }
    session.abandon(`the stream missed ${verdict.missed} status(es) in ${verdict.rounds} audits in a row (open but not delivering)`);
  }

  private async poll(): Promise<void> {
    this.status.set('polling', undefined);
    while (!this.stopped) {
      let failure: string | undefined;
      for (const channel of this.channels()) {
        if (this.stopped) return;
        const from = this.cursors.get(channelKey(channel));
        const started = this.cursors.readStarted();
        try {
          await readTimelineForward(this.rest, channel, from === undefined ? undefined : cursorWithMargin(from, this.deps.settings.gapFillMarginMs), {
            maxPages: this.deps.settings.gapFillMaxPages,
            signal: this.stopping.signal,
            onPage: (statuses) => this.onRestPage(channel, statuses),
            stopAtShortPage: true,
          });
          this.cursors.readThrough(channelKey(channel), started);
        } catch (error) {
          if (this.stopped) return;
          // 422/403/401: the timeline needs a (user) token. Polling again cannot help, so it is terminal like a
          // refused streaming token (before Mastodon 4.5 nothing announces this: "timeline preview" off).
          if (needsUserToken(error)) {
            this.unauthorized(
              `its ${channelLabel(channel)} timeline is refused to ${this.deps.target.token ? 'this token' : 'anonymous readers'} (${error.message})`,
            );
            return;
          }
          if (error instanceof RestError && error.kind === 'refused') {
            this.log.warn(`${this.host}: ${channelLabel(channel)} cannot be polled: ${error.message}`);
          } else {
            failure = (error as Error).message;
            break;
          }
        }
      }
      if (failure) {
        await this.backOff(`polling failed: ${failure}`);
        continue;
      }
      this.backoff.reset();
      this.status.set('polling', undefined);
      await delay(this.deps.settings.pollIntervalMs, this.stopping.signal);
    }
  }

  private onEvent(frame: Extract<StreamFrame, { kind: 'event' }>): void {
    const key = channelKeyOfStream(frame.stream);
    if (!key || !this.session?.channels.includes(key)) return;
    const origin = { instance: this.host, source: 'stream' as const };
    if (frame.event === 'delete') {
      if (frame.payload) this.deps.sink.delete(frame.payload, origin);
      return;
    }
    if (frame.event !== 'update' && frame.event !== 'status.update') return;
    let json: unknown;
    try {
      // Mastodon sends the status as a JSON string; an object, an empty or a truncated payload is skipped.
      json = JSON.parse(frame.payload ?? '');
    } catch {
      this.oddFrame(`the payload of an ${frame.event} frame is not a JSON string`);
      return;
    }
    if (frame.event === 'status.update') {
      this.deps.sink.statusUpdate(json, origin);
      return;
    }
    this.status.countReceived();
    this.deps.metrics.statusesReceived.inc({ instance: this.host, source: 'stream', channel: key.startsWith('hashtag:') ? 'hashtag' : key });
    this.advance(key, json, this.deps.sink.update(json, frame.payload, origin));
  }

  /** Hands a REST page on; with `auditStartedAt`, returns how many of its statuses the stream should have delivered. */
  private onRestPage(channel: Channel, statuses: readonly TimelineStatus[], auditStartedAt?: number): number {
    const key = channelKey(channel);
    const origin = { instance: this.host, source: 'rest' as const };
    let missed = 0;
    for (const status of statuses) {
      this.status.countReceived();
      this.deps.metrics.statusesReceived.inc({ instance: this.host, source: 'rest', channel: channel.kind });
      this.deps.metrics.gapFillStatuses.inc({ instance: this.host });
      const outcome = this.deps.sink.update(status.json, status.raw, origin);
      this.advance(key, status.json, outcome);
      const createdAt = (status.json as { created_at?: unknown } | null)?.created_at;
      if (auditStartedAt !== undefined && outcome === 'accepted' && heldAgainstStream(createdAt, auditStartedAt, this.deps.settings.auditGraceMs)) missed += 1;
    }
    return missed;
  }

  /**
   * Moves the channel's read position, in the same synchronous step as the sink's offer to the queue (the
   * checkpoint relies on it). A status the queue refused holds the position (see read-positions.ts).
   */
  private advance(key: ChannelKey, json: unknown, outcome: SinkOutcome): void {
    const id = (json as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id.length > 0 && (key.startsWith('hashtag:') ? this.wantedTags.includes(key.slice(8)) : true)) {
      this.cursors.read(key, id, outcome === 'dropped');
    }
  }

  /**
   * A frame that is not the streaming protocol, or an update whose payload is not a status: skipped, never
   * fatal. One warning per session, the rest at debug level (a broken server could send thousands).
   */
  private oddFrame(reason: string): void {
    this.deps.metrics.invalid.inc({ instance: this.host });
    this.oddFrames += 1;
    if (this.oddFrames === 1)
      this.log.warn(
        { reason },
        `${this.host}: ignoring a streaming frame that is not the protocol (${reason}); further ones on this connection are logged at debug level`,
      );
    else this.log.debug({ reason }, `${this.host}: ignoring a streaming frame that is not the protocol`);
  }

  /**
   * An error frame does not say which subscription it answers. Mastodon sends one for a subscription it
   * cannot serve, so hashtag channels subscribed just before it are set aside; the timeline channel and the
   * other tags come back on the next session.
   */
  private refuseRecentTags(detail: string): void {
    const now = this.deps.now();
    for (const [key, at] of this.subscribedAt) {
      if (!key.startsWith('hashtag:') || now - at > REFUSAL_WINDOW_MS) continue;
      const tag = key.slice('hashtag:'.length);
      this.refusedTags.add(tag);
      this.deps.metrics.rejectedHashtags.inc();
      this.log.warn(`${this.host}: refused the subscription to #${tag} (${detail}); not subscribing it again until it is followed anew`);
    }
    this.subscribedAt.clear();
  }

  private async backOff(reason: string): Promise<void> {
    const wait = this.backoff.next();
    this.status.set('backing-off', reason);
    this.log.warn({ waitMs: wait, attempt: this.backoff.attempts }, `${this.host}: ${reason}; retrying in ${wait} ms`);
    await delay(wait, this.stopping.signal);
  }

  private unauthorized(reason: string): void {
    this.terminal(
      'unauthorized',
      `${this.host}: ${reason}. Create a user access token with the read:statuses scope (Preferences > Development > New application, see docs/sources.md) and set MASTODON_TOKENS=${this.host}=<token> or MASTODON_ACCESS_TOKEN; not retrying until restart`,
    );
  }

  /** A state that only a configuration change can leave: one error line, no retry. */
  private terminal(state: 'unauthorized' | 'disabled', message: string): void {
    this.log.error({ instance: this.host, state }, message);
    this.status.set(state, message.slice(this.host.length + 2));
  }
}
