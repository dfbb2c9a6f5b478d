import net from 'node:net';

/**
 * How a link is cut:
 * - `reset`: every open connection is torn down (both ends see a reset) and new ones are closed at once, as when a
 *   peer or a firewall rejects;
 * - `stall`: nothing passes any more but no connection closes, as in a network partition: both directions stop
 *   being read, so TCP's own flow control holds what was sent, and it flows again on `restore()` (nothing is lost
 *   or reordered, as on a real link that heals). New connections are accepted and held.
 */
export type CutMode = 'reset' | 'stall';

interface Pair {
  client: net.Socket;
  server: net.Socket;
}

/**
 * A TCP proxy on loopback whose link the test can cut and restore, so faults between two processes need no
 * firewall rule. Point a client at `port`; it forwards to `target`.
 */
export class TcpProxy {
  private readonly pairs = new Set<Pair>();
  private cutMode: CutMode | undefined;
  private accepted = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Connections accepted so far (a client that reconnects shows here). */
  get connections(): number {
    return this.accepted;
  }

  get isCut(): boolean {
    return this.cutMode !== undefined;
  }

  cut(mode: CutMode): void {
    this.cutMode = mode;
    for (const pair of this.pairs) {
      if (mode === 'reset') this.destroy(pair);
      else {
        pair.client.pause();
        pair.server.pause();
      }
    }
  }

  restore(): void {
    this.cutMode = undefined;
    for (const pair of this.pairs) {
      pair.client.resume();
      pair.server.resume();
    }
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.destroy(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.accepted += 1;
    if (this.cutMode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const server = net.connect(this.target.port, this.target.host);
    const pair = { client, server };
    this.pairs.add(pair);
    this.forward(client, server);
    this.forward(server, client);
    if (this.cutMode === 'stall') {
      client.pause();
      server.pause();
    }
    // One side gone, the other goes too: a connection the proxy no longer forwards must not linger half-open.
    const end = () => this.destroy(pair);
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
  }

  /** By hand, not `pipe()`: a pipe resumes its source whenever the destination drains, which would end a stall. */
  private forward(from: net.Socket, to: net.Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => {
      if (this.cutMode === undefined) from.resume();
    });
    from.on('end', () => to.end());
  }

  private destroy(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.resetAndDestroy();
    pair.server.resetAndDestroy();
  }
}
