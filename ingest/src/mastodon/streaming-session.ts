import { createStreamingAPIClient, type mastodon } from 'masto';
import { channelKey, channelKeyOfStream, type Channel, type ChannelKey } from './channel.js';
import { stallCheckEveryMs } from '../sources/post-rules.js';
import { parseStreamFrame, type StreamFrame } from './stream-frame.js';
import type { ObservedWebSocket } from './streaming-socket.js';

export type SessionEndReason = 'closed' | 'stall' | 'error-frame' | 'missing' | 'stopped';

export interface SessionEnd {
  reason: SessionEndReason;
  detail: string;
}

export interface SessionHandlers {
  /** An event frame (update, delete, status.update, ...) with its raw payload string. */
  onEvent(frame: Extract<StreamFrame, { kind: 'event' }>): void;
  /** A frame that is not valid JSON of the streaming protocol. */
  onInvalidFrame(reason: string): void;
  /** A `subscribe` for this channel went out on the wire: what is sent from now on will reach us. */
  onSubscribed(key: ChannelKey): void;
}

export interface SessionOptions {
  streamingUrl: string;
  token: string | undefined;
  stallTimeoutMs: number;
  now: () => number;
  handlers: SessionHandlers;
}

/**
 * One WebSocket to one instance, multiplexing every channel, for as long as the socket lives. masto 7 sends
 * the client's half of the protocol (subscribe/unsubscribe messages, per-channel subscriptions) over a socket
 * we opened; the server's half (frames) is read here, and masto never sees it (see ObservedWebSocket):
 * - masto camelCases payloads, and `record` must write statuses exactly as received;
 * - masto throws in every subscription on a frame it cannot parse (an error frame, but also a frame that is
 *   not JSON, `null`, one without a `stream`, an `update` whose payload is not a JSON string), which would
 *   end the session for nothing. Here only a real error frame (`{"error":"..."}`) ends the session; other odd
 *   frames go to `onInvalidFrame` and are skipped.
 * What masto does not do, this class does too:
 * - masto reconnects forever with uncapped backoff and replays nothing: here a session never reconnects;
 *   it ends, and the supervisor decides (backoff, gap fill).
 * - a stalled server sends nothing and masto notices nothing: a watchdog ends the session after
 *   `stallTimeoutMs` without an event, a server ping or a pong to our own pings.
 */
export class StreamingSession {
  readonly ended: Promise<SessionEnd>;
  private finish: (end: SessionEnd) => void = () => {};
  private finished = false;
  private readonly client: mastodon.streaming.Client;
  private readonly subscriptions = new Map<ChannelKey, mastodon.streaming.Subscription>();
  private lastActivity: number;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly ws: ObservedWebSocket,
    private readonly options: SessionOptions,
  ) {
    this.ended = new Promise((resolve) => {
      this.finish = resolve;
    });
    this.lastActivity = options.now();
    // Our listeners are registered before masto's, so a close is seen (and masto killed) before masto
    // could start its own reconnect loop.
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(isBinary ? '' : data.toString('utf8')));
    ws.on('ping', () => this.touch());
    ws.on('pong', () => this.touch());
    ws.on('close', (code: number, reason: Buffer) =>
      this.end({ reason: 'closed', detail: `closed with code ${code}${reason.length ? ` (${reason.toString('utf8')})` : ''}` }),
    );
    ws.on('error', (error: Error) => this.end({ reason: 'closed', detail: error.message }));
    ws.onOutgoing = (data) => this.onOutgoing(data);

    this.client = createStreamingAPIClient({
      streamingApiUrl: options.streamingUrl,
      accessToken: options.token,
      // masto constructs its socket with `new implementation(url, protocols)`; a constructor that returns an
      // object makes `new` yield that object, so masto adopts the socket we opened.
      implementation: function adoptOpenedSocket() {
        return ws;
      },
      retry: false,
      log: 'error',
    });

    const checkEvery = stallCheckEveryMs(options.stallTimeoutMs);
    this.timers.push(setInterval(() => this.checkStall(), checkEvery));
    // Our own pings: a pong proves the server is alive even where no ping reaches us (proxies, old servers).
    this.timers.push(setInterval(() => this.ping(), Math.max(50, Math.floor(options.stallTimeoutMs / 3))));
    if (ws.readyState !== ws.OPEN) this.end({ reason: 'closed', detail: 'socket closed before the session started' });
  }

  get channels(): ChannelKey[] {
    return [...this.subscriptions.keys()];
  }

  subscribe(channel: Channel): void {
    const key = channelKey(channel);
    if (this.finished || this.subscriptions.has(key)) return;
    // A hashtag is streamed whole: its halves (`only`) matter only to anonymous polling, and streaming
    // always has a user token.
    const subscription =
      channel.kind === 'public'
        ? this.client.public.subscribe()
        : channel.kind === 'local'
          ? this.client.public.local.subscribe()
          : channel.kind === 'remote'
            ? this.client.public.remote.subscribe()
            : this.client.hashtag.subscribe({ tag: channel.tag });
    this.subscriptions.set(key, subscription);
    void this.drain(subscription);
  }

  unsubscribe(key: ChannelKey): void {
    const subscription = this.subscriptions.get(key);
    if (!subscription) return;
    this.subscriptions.delete(key);
    // Sends the `unsubscribe` message; the drained iterator then just idles until the socket closes.
    subscription.unsubscribe();
  }

  close(): void {
    this.end({ reason: 'stopped', detail: 'stopped' });
  }

  /** Ends the session because the REST audit keeps finding statuses it did not deliver (stream-audit.ts). */
  abandon(detail: string): void {
    this.end({ reason: 'missing', detail });
  }

  /**
   * masto only sends a subscription's `subscribe` while its iterator is being read. The iterator yields
   * nothing (masto is given no frames; events come from the raw frames) and ends or throws once the socket or
   * the client is closed. Should it end while the session lives, that channel would be silently dead: the
   * session ends (as a close, not as an error frame, which would set hashtags aside).
   */
  private async drain(subscription: mastodon.streaming.Subscription): Promise<void> {
    try {
      for await (const _event of subscription) {
        // Read from the raw frames instead; see the class comment.
      }
      this.end({ reason: 'closed', detail: 'masto ended a subscription' });
    } catch (error) {
      this.end({ reason: 'closed', detail: `masto ended a subscription: ${(error as Error).message}` });
    }
  }

  private onMessage(text: string): void {
    this.touch();
    const frame = parseStreamFrame(text);
    if (frame.kind === 'event') this.options.handlers.onEvent(frame);
    else if (frame.kind === 'invalid') this.options.handlers.onInvalidFrame(frame.reason);
    else this.end({ reason: 'error-frame', detail: `the server sent an error frame: ${frame.error}${frame.status ? ` (${frame.status})` : ''}` });
  }

  private onOutgoing(data: string): void {
    let message: { type?: unknown; stream?: unknown; tag?: unknown };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (message.type !== 'subscribe') return;
    // A subscribe names its stream as the server's frames do.
    const key =
      typeof message.stream === 'string' ? channelKeyOfStream(typeof message.tag === 'string' ? [message.stream, message.tag] : [message.stream]) : undefined;
    if (key && this.subscriptions.has(key)) this.options.handlers.onSubscribed(key);
  }

  private touch(): void {
    this.lastActivity = this.options.now();
  }

  private checkStall(): void {
    const silentFor = this.options.now() - this.lastActivity;
    if (silentFor > this.options.stallTimeoutMs) this.end({ reason: 'stall', detail: `no event, ping or pong for ${silentFor} ms` });
  }

  private ping(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  private end(end: SessionEnd): void {
    if (this.finished) return;
    this.finished = true;
    for (const timer of this.timers) clearInterval(timer);
    this.ws.onOutgoing = undefined;
    // Kill masto first (no reconnect of its own), then drop the socket without a close handshake: a stalled
    // server would never answer one.
    this.client.close();
    this.ws.terminate();
    this.finish(end);
  }
}
