import WebSocket from 'ws';

/** The streaming server answered the upgrade with an HTTP error (401: bad or missing user token). */
export class StreamingRefusedError extends Error {
  constructor(
    readonly status: number,
    /** Mastodon puts the reason only in the X-Error-Message header; the body is empty. */
    readonly serverMessage: string | undefined,
  ) {
    super(`streaming refused with HTTP ${status}${serverMessage ? ` (${serverMessage})` : ''}`);
    this.name = 'StreamingRefusedError';
  }
}

/** The upgrade did not complete: network error, TLS error, timeout. Retriable. */
export class StreamingConnectError extends Error {
  /** The server completed the upgrade without echoing the token subprotocol. */
  readonly noSubprotocol: boolean;

  constructor(message: string, options?: { cause?: unknown; noSubprotocol?: boolean }) {
    super(message, { cause: options?.cause });
    this.name = 'StreamingConnectError';
    this.noSubprotocol = options?.noSubprotocol ?? false;
  }
}

/**
 * A `ws` client socket that reports the JSON frames it sends, so the session knows the moment masto puts a
 * `subscribe` on the wire (gap fill starts from there), and that keeps incoming frames from masto.
 *
 * masto reads frames only through `addEventListener('message')`, once per subscription, and its parser
 * throws on anything unusual (a frame that is not JSON, `null`, no `stream` array, an `update` whose payload
 * is not a JSON string): the subscription then ends and unsubscribes itself, one odd frame killing the whole
 * stream. The session reads every frame itself (streaming-session.ts), so masto is given none: it only sends
 * the subscribe and unsubscribe messages.
 */
export class ObservedWebSocket extends WebSocket {
  onOutgoing: ((data: string) => void) | undefined;

  override send(data: unknown, optionsOrCallback?: unknown, callback?: unknown): void {
    if (typeof data === 'string') this.onOutgoing?.(data);
    (WebSocket.prototype.send as (...args: unknown[]) => void).call(this, data, optionsOrCallback, callback);
  }

  override addEventListener<K extends keyof WebSocket.WebSocketEventMap>(
    type: K,
    listener: ((event: WebSocket.WebSocketEventMap[K]) => void) | { handleEvent(event: WebSocket.WebSocketEventMap[K]): void },
    options?: WebSocket.EventListenerOptions,
  ): void {
    if (type === 'message') return;
    super.addEventListener(type, listener, options);
  }
}

export interface OpenStreamingOptions {
  /** Full endpoint, e.g. wss://streaming.example/api/v1/streaming. */
  url: string;
  token: string | undefined;
  timeoutMs: number;
  signal: AbortSignal;
  /** Largest frame accepted; a bigger one closes the connection (bounded memory). */
  maxPayload?: number;
  userAgent?: string;
}

/**
 * Opens the WebSocket ourselves (masto then runs the protocol over it, see streaming-session.ts) so that a
 * refused upgrade is seen with its status and X-Error-Message instead of disappearing into masto's retry
 * loop. The token travels as the Sec-WebSocket-Protocol, as masto sends it, and in the Authorization header,
 * the other way Mastodon's streaming documentation allows. A server that accepts the token but does not echo
 * the subprotocol makes `ws` abort the handshake ("Server sent no subprotocol"); the socket is then opened
 * again with the header alone.
 */
export async function openStreamingSocket(options: OpenStreamingOptions): Promise<ObservedWebSocket> {
  try {
    return await connect(options, true);
  } catch (error) {
    if (!(error instanceof StreamingConnectError && error.noSubprotocol) || options.signal.aborted) throw error;
    return connect(options, false);
  }
}

function connect(options: OpenStreamingOptions, tokenAsSubprotocol: boolean): Promise<ObservedWebSocket> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.userAgent) headers['user-agent'] = options.userAgent;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const ws = new ObservedWebSocket(options.url, options.token && tokenAsSubprotocol ? [options.token] : [], {
      handshakeTimeout: options.timeoutMs,
      maxPayload: options.maxPayload ?? 4 * 1024 * 1024,
      headers,
    });
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', onAbort);
      if (error) {
        ws.removeAllListeners('open');
        ws.terminate();
        reject(error);
      } else {
        resolve(ws);
      }
    };
    const onAbort = (): void => settle(new StreamingConnectError('stopped'));
    options.signal.addEventListener('abort', onAbort, { once: true });
    ws.once('open', () => settle(undefined));
    ws.once('unexpected-response', (_request, response) => {
      const header = response.headers['x-error-message'];
      response.resume();
      settle(new StreamingRefusedError(response.statusCode ?? 0, Array.isArray(header) ? header[0] : header));
    });
    // Errors after a failed upgrade (terminate() emits one) must not crash the process: keep a listener.
    ws.on('error', (error) =>
      settle(
        new StreamingConnectError(`could not connect to ${new URL(options.url).host}: ${error.message}`, {
          cause: error,
          noSubprotocol: error.message === 'Server sent no subprotocol',
        }),
      ),
    );
  });
}
