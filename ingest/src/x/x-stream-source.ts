import type { InstanceHealth } from '@trendstream/contracts/api-types';
import type { Post } from '@trendstream/contracts/post';
import { delay } from '../sources/abortable-delay.js';
import type { BackoffPolicy } from '../sources/backoff.js';
import type { StoredCursor } from '../sources/cursor-records.js';
import type { LiveSource, SourceDeps } from '../sources/live-source.js';
import { stallCheckEveryMs } from '../sources/post-rules.js';
import { SourceStatus } from '../sources/source-status.js';
import { XApi, XApiError } from './x-api.js';
import { DailyBudget, nextUtcMidnight } from './x-budget.js';
import { LineSplitter } from './x-line-splitter.js';
import { XReconnectPolicy, type XFailure, type XReconnectSteps } from './x-reconnect.js';
import { XRulesKeeper } from './x-rules-keeper.js';
import { ownedHashtag } from './x-rules.js';
import { parseXStreamLine, type XStreamError } from './x-stream-line.js';

export interface XStreamSettings {
  /** X_API_URL. */
  apiUrl: string;
  /** X_BEARER_TOKEN: never logged. */
  token: string;
  /** X_RULES: appended to every hashtag rule. */
  baseRule: string | undefined;
  /** X_MAX_POSTS_PER_DAY. */
  maxPostsPerDay: number;
  /** X_STALL_TIMEOUT_MS: no byte (keep-alives included) for this long and the stream is taken for dead. */
  stallTimeoutMs: number;
  requestTimeoutMs: number;
  /** X's documented steps unless given (tests). */
  reconnect?: XReconnectSteps;
  rulesBackoff?: BackoffPolicy;
}

export interface XStreamSourceDeps extends SourceDeps {
  settings: XStreamSettings;
}

type SessionEnd =
  | { reason: 'stopped' }
  | { reason: 'budget' }
  | { reason: 'unauthorized'; error: XApiError }
  | { reason: 'stall' | 'closed' | 'error' | 'refused' | 'rate-limited'; failure: XFailure; detail: string };

export const NOTHING_TO_STREAM = 'no followed hashtag: nothing to stream';

/**
 * X (Twitter) through the v2 filtered stream: one long HTTP response, one JSON post per line, carrying the
 * posts that match the app's rules, which are the followed hashtags (XRulesKeeper keeps them in sync without
 * reconnecting). X keeps nothing for a client below Enterprise, so posts made while disconnected are lost:
 * there is no read position to save. What is saved is the day's post count (X bills per post read), so the
 * daily budget holds across a restart.
 */
export class XStreamSource implements LiveSource {
  readonly network = 'x' as const;
  readonly name: string;
  private readonly status: SourceStatus;
  /** Aborted by stop() and when the source gives up (a refused token). */
  private readonly halted = new AbortController();
  private readonly api: XApi;
  private readonly policy: XReconnectPolicy;
  private readonly budget: DailyBudget;
  private readonly rules: XRulesKeeper;
  private followed = new Set<string>();
  private running: Promise<void> | undefined;
  private session = { invalid: 0, errors: 0, dropped: 0 };

  constructor(private readonly deps: XStreamSourceDeps) {
    const { settings } = deps;
    this.name = new URL(settings.apiUrl).host;
    this.status = new SourceStatus({ name: this.name, network: 'x', metrics: deps.metrics, now: deps.now, onHealth: deps.onHealth });
    this.api = new XApi({ baseUrl: settings.apiUrl, token: settings.token, requestTimeoutMs: settings.requestTimeoutMs });
    this.policy = new XReconnectPolicy(settings.reconnect);
    this.budget = new DailyBudget(settings.maxPostsPerDay);
    this.rules = new XRulesKeeper({
      api: this.api,
      name: this.name,
      baseRule: settings.baseRule,
      logger: deps.logger,
      now: deps.now,
      random: deps.random,
      backoff: settings.rulesBackoff,
      signal: this.halted.signal,
      onUnauthorized: (error) => this.giveUp(error),
    });
  }

  get health(): InstanceHealth {
    return this.status.health;
  }

  takeRate(): number {
    return this.status.takeRate();
  }

  /** Only the day's post count is saved (`budget:YYYY-MM-DD`); X has no position to resume from. */
  resumeFrom(saved: ReadonlyMap<string, StoredCursor>): void {
    for (const [channel, cursor] of saved) this.budget.restore(channel, cursor.id, this.deps.now());
  }

  cursorSnapshot(): ReadonlyMap<string, string> {
    const snapshot = this.budget.snapshot(this.deps.now());
    return snapshot ? new Map([snapshot]) : new Map();
  }

  setHashtags(tags: Iterable<string>): void {
    this.followed = new Set(tags);
    this.rules.follow(this.followed);
    if (this.status.state === 'streaming') this.status.set('streaming', this.streamingDetail());
  }

  start(): Promise<void> {
    this.running ??= this.run().catch((error: unknown) => {
      this.deps.logger.error({ err: error }, `${this.name}: X reader failed unexpectedly; it is stopped`);
      this.status.set('stopped', `failed: ${(error as Error).message}`);
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.halted.abort();
    await this.running;
    await this.rules.settled();
    this.status.set('stopped');
  }

  private async run(): Promise<void> {
    const { logger, metrics, now } = this.deps;
    this.rules.start();
    while (!this.halted.signal.aborted) {
      if (this.budget.exhausted(now())) {
        await this.waitForNextDay();
        continue;
      }
      const end = await this.connect();
      if (this.halted.signal.aborted || end.reason === 'stopped') break;
      if (end.reason === 'unauthorized') {
        this.giveUp(end.error);
        break;
      }
      if (end.reason === 'budget') continue;
      metrics.reconnects.inc({ instance: this.name, reason: end.reason });
      const waitMs = this.policy.next(end.failure);
      const level = end.failure === 'network' && waitMs < 5_000 ? 'info' : 'warn';
      logger[level](
        { reason: end.reason, waitMs },
        `${this.name}: ${end.detail}; reconnecting${waitMs > 0 ? ` in ${(waitMs / 1000).toFixed(1)} s` : ''} (posts made meanwhile are not recovered: X offers no replay below Enterprise)`,
      );
      this.status.set('backing-off', end.detail);
      await delay(waitMs, this.halted.signal);
    }
  }

  private async waitForNextDay(): Promise<void> {
    const { now, logger, settings } = this.deps;
    const resumesAt = nextUtcMidnight(now());
    this.status.set('disabled', `daily budget of ${settings.maxPostsPerDay} posts reached; resumes at 00:00 UTC`);
    logger.warn(
      { used: this.budget.usedOn(now()), resumesAt: new Date(resumesAt).toISOString() },
      `${this.name}: ${this.budget.usedOn(now())} X posts read today, X_MAX_POSTS_PER_DAY is ${settings.maxPostsPerDay}: the stream is closed until 00:00 UTC (${new Date(resumesAt).toISOString()})`,
    );
    // A timer can fire a little early: wait until the day has really changed.
    while (!this.halted.signal.aborted && this.budget.exhausted(now())) await delay(Math.max(1_000, resumesAt - now()), this.halted.signal);
  }

  /** One connection, from the request to its end; resolves with why it ended. */
  private async connect(): Promise<SessionEnd> {
    const { now, metrics, settings, logger } = this.deps;
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    this.halted.signal.addEventListener('abort', abort, { once: true });
    let lastByteAt = now();
    let stalled = false;
    const watchdog = setInterval(() => {
      if (stalled || now() - lastByteAt <= settings.stallTimeoutMs) return;
      stalled = true;
      metrics.stalls.inc({ instance: this.name });
      controller.abort();
    }, stallCheckEveryMs(settings.stallTimeoutMs));
    this.session = { invalid: 0, errors: 0, dropped: 0 };
    try {
      const body = await this.api.openStream(controller.signal);
      lastByteAt = now();
      this.status.set('streaming', this.streamingDetail());
      logger.info(`${this.name}: streaming X posts that match the followed hashtags`);
      const splitter = new LineSplitter();
      let established = false;
      for await (const chunk of body) {
        lastByteAt = now();
        if (!established) {
          established = true;
          this.policy.connected();
        }
        const { lines, overlong } = splitter.push(chunk);
        for (let i = 0; i < overlong; i++) this.invalid('a line of more than a million characters');
        if (this.onLines(lines) === 'budget') return { reason: 'budget' };
      }
      return { reason: 'closed', failure: 'network', detail: 'X closed the stream' };
    } catch (error) {
      if (this.halted.signal.aborted) return { reason: 'stopped' };
      if (stalled)
        return { reason: 'stall', failure: 'network', detail: `no data and no keep-alive for ${settings.stallTimeoutMs / 1000} s (X_STALL_TIMEOUT_MS)` };
      return sessionFailure(error);
    } finally {
      clearInterval(watchdog);
      this.halted.signal.removeEventListener('abort', abort);
      controller.abort();
    }
  }

  /** Hands a chunk's lines on; 'budget' once the day's budget is spent (the rest of the chunk is only counted). */
  private onLines(lines: readonly string[]): 'ok' | 'budget' {
    let spent = false;
    for (const text of lines) {
      const line = parseXStreamLine(text, { instance: this.name, receivedAt: this.deps.now() });
      switch (line.kind) {
        case 'keep-alive':
          break;
        case 'other':
          this.deps.logger.debug({ line: text.slice(0, 200) }, `${this.name}: skipping a stream message of an unknown type`);
          break;
        case 'invalid':
          this.invalid(line.reason);
          break;
        case 'errors':
          this.streamErrors(line.errors);
          break;
        case 'post':
          // Every post delivered is billed, also those after the limit: they count, and are not used.
          if (!this.budget.take(this.deps.now()) || spent) {
            spent = true;
            break;
          }
          this.onPost(line.post, line.ruleTags);
          spent = this.budget.exhausted(this.deps.now());
          break;
      }
    }
    return spent ? 'budget' : 'ok';
  }

  private onPost(post: Post, ruleTags: readonly string[]): void {
    const { metrics, posts, logger } = this.deps;
    this.status.countReceived();
    metrics.statusesReceived.inc({ instance: this.name, source: 'stream', channel: 'hashtag' });
    // Posts that only rules made by someone else match are not Trendstream's to count.
    const ours = ruleTags.some((tag) => ownedHashtag({ tag }) !== undefined) || post.hashtags.some((tag) => this.followed.has(tag));
    if (!ours) return;
    const outcome = posts.offer({ kind: 'post', post }, undefined);
    if (outcome === 'duplicate') metrics.duplicates.inc();
    if (outcome === 'dropped' && this.session.dropped++ === 0) {
      logger.warn(`${this.name}: the queue to Kafka is full: X posts are dropped (X cannot send them again)`);
    }
  }

  private invalid(reason: string): void {
    this.deps.metrics.invalid.inc({ instance: this.name });
    if (this.session.invalid++ === 0) this.deps.logger.warn({ reason }, `${this.name}: skipping a stream line that is not an X post: ${reason}`);
    else this.deps.logger.debug({ reason }, 'skipping a stream line that is not an X post');
  }

  private streamErrors(errors: readonly XStreamError[]): void {
    this.deps.metrics.streamErrors.inc({ instance: this.name });
    const text = errors.map((error) => `${error.title}${error.detail ? `: ${error.detail}` : ''}`).join('; ');
    if (this.session.errors++ === 0) this.deps.logger.warn({ errors }, `${this.name}: X sent an error in the stream: ${text}`);
    else this.deps.logger.debug({ errors }, `${this.name}: X sent an error in the stream`);
  }

  private streamingDetail(): string | undefined {
    return this.followed.size === 0 ? NOTHING_TO_STREAM : undefined;
  }

  /** A refused token: one clear line, a visible state, and no retry until restart. */
  private giveUp(error: XApiError): void {
    if (this.status.state === 'unauthorized') return;
    const forbidden = error.status === 403 ? " and that the app's project has access to the filtered stream" : '';
    const detail = `X refused the bearer token (${error.message}); check X_BEARER_TOKEN${forbidden}; not retrying until restart`;
    this.deps.logger.error(`${this.name}: ${detail}`);
    this.status.set('unauthorized', detail);
    this.halted.abort();
  }
}

function sessionFailure(error: unknown): SessionEnd {
  if (!(error instanceof XApiError)) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return { reason: 'error', failure: 'network', detail: `the stream failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}` };
  }
  switch (error.code) {
    case 'X_UNAUTHORIZED':
      return { reason: 'unauthorized', error };
    case 'X_RATE_LIMITED':
      return { reason: 'rate-limited', failure: 'rate-limited', detail: `X refused the connection: ${error.message}` };
    case 'X_NETWORK':
      return { reason: 'error', failure: 'network', detail: error.message };
    default:
      return {
        reason: 'refused',
        failure: 'http',
        detail: `X refused the connection: ${error.message}${(error.status ?? 500) < 500 ? ' (check X_API_URL)' : ''}`,
      };
  }
}
