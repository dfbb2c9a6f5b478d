import WebSocket from 'ws';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { USER_AGENT } from '../mastodon/rest-client.js';
import { delay } from '../sources/abortable-delay.js';
import { Backoff, type BackoffPolicy } from '../sources/backoff.js';
import { RESUME_HORIZON_MS, type StoredCursor } from '../sources/cursor-records.js';
import type { LiveSource, SourceDeps } from '../sources/live-source.js';
import { stallCheckEveryMs } from '../sources/post-rules.js';
import { SourceStatus } from '../sources/source-status.js';
import { JETSTREAM_CHANNEL, resumeJetstreamCursor, subscribeUrl } from './jetstream-cursor.js';
import { parseJetstreamFrame, type JetstreamEvent } from './jetstream-event.js';
import { tidMicros } from './record-key.js';

export interface JetstreamSettings {
  /** The `/subscribe` endpoint, ws:// or wss://. */
  url: string;
  /** `all`: every post, as a public timeline; `none`: only posts that carry a followed hashtag. */
  timeline: 'all' | 'none';
  /** No frame for this long and the connection is taken for dead (a silent or frozen feed). */
  stallTimeoutMs: number;
  /** How far before the last position a reconnect asks Jetstream to start, so nothing at the seam is missed. */
  rewindMs: number;
  backoff: BackoffPolicy;
  connectTimeoutMs: number;
}

export interface JetstreamSourceDeps extends SourceDeps {
  settings: JetstreamSettings;
}

type SessionEnd = { reason: 'stall' | 'closed' | 'error' | 'refused' | 'queue-full' | 'stopped'; detail: string; delivered: boolean };

/**
 * Bluesky through Jetstream: one WebSocket for every post of the network, resumed by time. Its cursor (the
 * `time_us` of the last frame handed on) makes every failure the same cheap one: reconnect a few seconds
 * before it and let dedupe drop the overlap. So a drop, a server restart, a feed that stays open but goes
 * silent, a frozen server and a full queue to Kafka all lose nothing within Jetstream's replay window.
 */
export class JetstreamSource implements LiveSource {
  readonly network = 'bluesky' as const;
  readonly name: string;
  private readonly status: SourceStatus;
  private readonly stopping = new AbortController();
  private readonly backoff: Backoff;
  private cursorUs: number | undefined;
  private followed = new Set<string>();
  private running: Promise<void> | undefined;
  private invalidInSession = 0;

  constructor(private readonly deps: JetstreamSourceDeps) {
    this.name = new URL(deps.settings.url).host;
    this.status = new SourceStatus({ name: this.name, network: 'bluesky', metrics: deps.metrics, now: deps.now, onHealth: deps.onHealth });
    this.backoff = new Backoff(deps.settings.backoff, deps.random);
  }

  get health(): InstanceHealth {
    return this.status.health;
  }

  takeRate(): number {
    return this.status.takeRate();
  }

  resumeFrom(saved: ReadonlyMap<string, StoredCursor>): void {
    const cursor = resumeJetstreamCursor(saved.get(JETSTREAM_CHANNEL), this.deps.now());
    if (cursor !== undefined && this.cursorUs === undefined) this.cursorUs = cursor;
  }

  cursorSnapshot(): ReadonlyMap<string, string> {
    return this.cursorUs === undefined ? new Map() : new Map([[JETSTREAM_CHANNEL, String(this.cursorUs)]]);
  }

  setHashtags(tags: Iterable<string>): void {
    this.followed = new Set(tags);
  }

  start(): Promise<void> {
    this.running ??= this.run().catch((error: unknown) => {
      this.deps.logger.error({ err: error }, `${this.name}: Bluesky reader failed unexpectedly; it is stopped`);
      this.status.set('stopped', `failed: ${(error as Error).message}`);
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    this.status.set('stopped');
  }

  private async run(): Promise<void> {
    const { logger, metrics, settings } = this.deps;
    while (!this.stopping.signal.aborted) {
      const end = await this.session();
      if (this.stopping.signal.aborted) break;
      if (end.delivered) this.backoff.reset();
      metrics.reconnects.inc({ instance: this.name, reason: end.reason });
      const waitMs = end.reason === 'stall' && end.delivered ? 0 : this.backoff.next();
      const level = end.reason === 'refused' || this.backoff.attempts > 3 ? 'warn' : 'info';
      logger[level](
        { reason: end.reason, waitMs, cursorUs: this.cursorUs },
        `${this.name}: ${end.detail}; reconnecting${waitMs > 0 ? ` in ${(waitMs / 1000).toFixed(1)} s` : ''} from ${this.cursorUs === undefined ? 'now' : `${settings.rewindMs} ms before the last post read`}`,
      );
      this.status.set('backing-off', end.detail);
      await delay(waitMs, this.stopping.signal);
    }
  }

  /** One connection, from open to close; resolves with why it ended. */
  private session(): Promise<SessionEnd> {
    const { settings, now, metrics } = this.deps;
    const from = this.cursorUs === undefined ? undefined : this.cursorUs - settings.rewindMs * 1000;
    const socket = new WebSocket(subscribeUrl(settings.url, from), {
      handshakeTimeout: settings.connectTimeoutMs,
      headers: { 'User-Agent': USER_AGENT },
      perMessageDeflate: false,
    });
    this.invalidInSession = 0;
    return new Promise((resolve) => {
      let end: SessionEnd | undefined;
      let delivered = false;
      let lastFrameAt = now();
      const finish = (reason: SessionEnd['reason'], detail: string): void => {
        if (end) return;
        end = { reason, detail, delivered };
        clearInterval(watchdog);
        this.stopping.signal.removeEventListener('abort', onStop);
        socket.terminate();
      };
      const onStop = (): void => finish('stopped', 'stopped');
      this.stopping.signal.addEventListener('abort', onStop, { once: true });
      const watchdog = setInterval(() => {
        if (now() - lastFrameAt <= settings.stallTimeoutMs) return;
        metrics.stalls.inc({ instance: this.name });
        finish('stall', `no post for ${Math.round((now() - lastFrameAt) / 1000)} s (BLUESKY_STALL_TIMEOUT_MS)`);
      }, stallCheckEveryMs(settings.stallTimeoutMs));
      socket.on('open', () => {
        lastFrameAt = now();
        this.status.set('streaming');
        this.deps.logger.info(
          { cursorUs: from },
          `${this.name}: streaming Bluesky posts${from === undefined ? '' : ` from ${new Date(from / 1000).toISOString()}`}`,
        );
      });
      socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        if (end) return;
        lastFrameAt = now();
        const text = isBinary ? undefined : rawText(data);
        if (text === undefined) {
          this.invalid(undefined, 'a binary frame (compressed frames are not asked for)');
          return;
        }
        if (this.onFrame(text) === 'overflow') finish('queue-full', 'the queue to Kafka is full; pausing Bluesky and resuming from the cursor');
        else delivered = true;
      });
      socket.on('unexpected-response', (_request, response) => {
        finish('refused', `the Jetstream server answered HTTP ${response.statusCode} (check BLUESKY_JETSTREAM_URL)`);
        response.resume();
      });
      socket.on('error', (error) => finish('error', `connection failed: ${error.message}`));
      socket.on('close', (code) => {
        finish('closed', `the server closed the connection (code ${code})`);
        resolve(end!);
      });
    });
  }

  /** Hands one frame on; 'overflow' when the output refused it (the cursor then stays before it). */
  private onFrame(text: string): 'ok' | 'overflow' {
    const event = parseJetstreamFrame(text, { instance: this.name, receivedAt: this.deps.now() });
    if (event.kind === 'invalid') {
      this.invalid(event.timeUs, event.reason);
      return 'ok';
    }
    const record = this.recordFor(event);
    if (record) {
      const outcome = this.deps.posts.offer(record, undefined);
      if (outcome === 'dropped') return 'overflow';
      if (outcome === 'duplicate') this.deps.metrics.duplicates.inc();
    }
    this.advance(event.timeUs);
    return 'ok';
  }

  private recordFor(event: Exclude<JetstreamEvent, { kind: 'invalid' }>): PostsTopicRecord | undefined {
    switch (event.kind) {
      case 'post':
        this.status.countReceived();
        this.deps.metrics.statusesReceived.inc({ instance: this.name, source: 'stream', channel: 'jetstream' });
        return this.wanted(event.post.hashtags) ? { kind: 'post', post: event.post } : undefined;
      case 'updated':
        return this.wanted(event.post.hashtags) ? { kind: 'updated', post: event.post, editedAt: event.editedAt } : undefined;
      case 'deleted':
        if (!this.mayHaveCounted(event.uri, event.rkey)) {
          this.deps.metrics.deletesUnknown.inc();
          return undefined;
        }
        return { kind: 'deleted', uri: event.uri, statusId: event.rkey, instance: this.name, network: 'bluesky', receivedAt: this.deps.now() };
      case 'other':
        return undefined;
    }
  }

  private wanted(hashtags: readonly string[]): boolean {
    return this.deps.settings.timeline === 'all' || hashtags.some((tag) => this.followed.has(tag));
  }

  /**
   * A delete is forwarded when its post may be in a window: this process produced it, or its record key (a
   * TID, the post's creation time) is within the horizon. The network deletes old posts all day long; those
   * mean nothing downstream.
   */
  private mayHaveCounted(uri: string, rkey: string): boolean {
    if (this.deps.posts.accepted(uri)) return true;
    const madeUs = tidMicros(rkey);
    return madeUs !== undefined && this.deps.now() * 1000 - madeUs <= RESUME_HORIZON_MS * 1000;
  }

  private invalid(timeUs: number | undefined, reason: string): void {
    this.deps.metrics.invalid.inc({ instance: this.name });
    this.invalidInSession += 1;
    if (this.invalidInSession === 1) this.deps.logger.warn({ reason }, `${this.name}: skipping a frame that is not a Jetstream event: ${reason}`);
    else this.deps.logger.debug({ reason }, 'skipping a frame that is not a Jetstream event');
    if (timeUs !== undefined) this.advance(timeUs);
  }

  private advance(timeUs: number): void {
    if (this.cursorUs === undefined || timeUs > this.cursorUs) this.cursorUs = timeUs;
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
