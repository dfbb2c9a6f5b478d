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
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StreamingConnectError';
  }
}

/**
 * A `ws` client socket that reports the JSON frames it sends, so the session knows the moment masto puts a
 * `subscribe` on the wire (gap fill starts from there).
 */
export class ObservedWebSocket extends WebSocket {
  onOutgoing: ((data: string) => void) | undefined;

  override send(data: unknown, optionsOrCallback?: unknown, callback?: unknown): void {
    if (typeof data === 'string') this.onOutgoing?.(data);
    (WebSocket.prototype.send as (...args: unknown[]) => void).call(this, data, optionsOrCallback, callback);
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
 * loop. The token travels as the Sec-WebSocket-Protocol, as masto sends it.
 */
export function openStreamingSocket(options: OpenStreamingOptions): Promise<ObservedWebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new ObservedWebSocket(options.url, options.token ? [options.token] : [], {
      handshakeTimeout: options.timeoutMs,
      maxPayload: options.maxPayload ?? 4 * 1024 * 1024,
      headers: options.userAgent ? { 'user-agent': options.userAgent } : {},
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
    ws.on('error', (error) => settle(new StreamingConnectError(`could not connect to ${new URL(options.url).host}: ${error.message}`, { cause: error })));
  });
}
