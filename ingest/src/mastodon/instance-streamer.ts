import { channelKey, type Channel, type ChannelKey } from './channel.js';
import type { FrameIntake } from './frame-intake.js';
import type { HashtagSubscriptions } from './hashtag-subscriptions.js';
import type { InstanceLifecycle } from './instance-lifecycle.js';
import { USER_AGENT } from './rest-client.js';
import type { StreamAudits } from './stream-audit-rounds.js';
import { StreamingSession, type SessionEnd } from './streaming-session.js';
import { openStreamingSocket, StreamingRefusedError, type ObservedWebSocket } from './streaming-socket.js';
import type { InstanceScope, SupervisorSettings } from './supervisor-settings.js';
import type { TimelineFill } from './timeline-fill.js';

/**
 * Pure. What a failed streaming upgrade means: 401 is a refused token (terminal); another 4xx but 408 and 429
 * says this server will not stream to us (poll its REST timelines instead); anything else may pass (back off).
 */
export function connectFailure(error: unknown): 'unauthorized' | 'poll' | 'back-off' {
  if (!(error instanceof StreamingRefusedError)) return 'back-off';
  if (error.status === 401) return 'unauthorized';
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429 ? 'poll' : 'back-off';
}

export interface InstanceStreamerDeps extends InstanceScope {
  token: string | undefined;
  settings: Pick<SupervisorSettings, 'stallTimeoutMs' | 'requestTimeoutMs' | 'pollIntervalMs'>;
  lifecycle: InstanceLifecycle;
  intake: FrameIntake;
  fill: TimelineFill;
  audits: StreamAudits;
  hashtags: HashtagSubscriptions;
  channels: () => Channel[];
}

/** Streams one instance, one session after the other, with a backoff between them; never two at once. */
export class InstanceStreamer {
  private current: StreamingSession | undefined;

  constructor(private readonly deps: InstanceStreamerDeps) {}

  /** The open session, if any. */
  get session(): StreamingSession | undefined {
    return this.current;
  }

  /** Streams until stopped or terminal ('end'), or until the server refuses streaming ('poll'). */
  async run(baseUrl: string): Promise<'end' | 'poll'> {
    const { host, lifecycle, metrics, settings } = this.deps;
    const url = `${baseUrl}/api/v1/streaming`;
    while (!lifecycle.stopped) {
      let socket;
      try {
        socket = await openStreamingSocket({
          url,
          token: this.deps.token,
          timeoutMs: settings.requestTimeoutMs,
          signal: lifecycle.signal,
          userAgent: USER_AGENT,
        });
      } catch (error) {
        if (lifecycle.stopped) return 'end';
        const failure = connectFailure(error);
        if (failure === 'unauthorized') {
          const refused = error as StreamingRefusedError;
          lifecycle.unauthorized(`the streaming server refused the token (401 ${refused.serverMessage ?? 'Unauthorized'})`);
          return 'end';
        }
        if (failure === 'poll') {
          this.deps.logger.warn(
            `${host}: streaming refused (${(error as Error).message}); polling the REST timelines every ${settings.pollIntervalMs / 1000} s instead`,
          );
          return 'poll';
        }
        await lifecycle.backOff(`connecting to the streaming API failed: ${(error as Error).message}`);
        continue;
      }
      const end = await this.runSession(baseUrl, socket);
      if (lifecycle.stopped) return 'end';
      metrics.reconnects.inc({ instance: host, reason: end.reason });
      if (end.reason === 'stall') metrics.stalls.inc({ instance: host });
      await lifecycle.backOff(`stream ended (${end.reason}: ${end.detail})`);
    }
    return 'end';
  }

  /** Matches the open session's subscriptions to the channels to read now. */
  sync(removedTags: readonly string[]): void {
    const session = this.current;
    if (!session) return;
    for (const tag of removedTags) session.unsubscribe(`hashtag:${tag}`);
    for (const channel of this.deps.channels()) session.subscribe(channel);
  }

  close(): void {
    this.current?.close();
  }

  private async runSession(baseUrl: string, socket: ObservedWebSocket): Promise<SessionEnd> {
    const { lifecycle, settings } = this.deps;
    const scope = new AbortController();
    this.deps.intake.newSession();
    const openedAt = this.deps.now();
    const session = new StreamingSession(socket, {
      // masto is handed the socket we opened (see StreamingSession) and never connects to this itself.
      streamingUrl: baseUrl,
      token: this.deps.token,
      stallTimeoutMs: settings.stallTimeoutMs,
      now: this.deps.now,
      handlers: {
        onEvent: (frame) => this.deps.intake.onEvent(frame),
        onInvalidFrame: (reason) => this.deps.intake.oddFrame(reason),
        onSubscribed: (key) => this.onSubscribed(key, scope.signal),
      },
    });
    this.current = session;
    lifecycle.status.set('streaming', undefined);
    this.sync([]);
    const stopAudits = this.deps.audits.start(session, scope.signal);
    const end = await session.ended;
    stopAudits();
    this.current = undefined;
    scope.abort();
    if (end.reason === 'error-frame') this.deps.hashtags.refuseRecent(end.detail);
    // A session that lived past the stall timeout was healthy: the next failure starts the backoff over.
    if (this.deps.now() - openedAt >= settings.stallTimeoutMs) lifecycle.backoff.reset();
    return end;
  }

  private onSubscribed(key: ChannelKey, signal: AbortSignal): void {
    this.deps.hashtags.subscribed(key);
    const channel = this.deps.channels().find((candidate) => channelKey(candidate) === key);
    if (channel) this.deps.fill.afterSubscribe(channel, signal);
  }
}
