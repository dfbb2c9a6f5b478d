import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpProxy } from '../src/tcp-proxy.js';
import { waitFor } from '../src/wait-for.js';

/** An echo server that also keeps what it received, to tell what crossed the proxy. */
async function echoServer(): Promise<{ server: net.Server; port: number; received: () => string }> {
  let received = '';
  const server = net.createServer((socket) =>
    socket
      .on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        socket.write(chunk);
      })
      // The proxy resets its side when it cuts a link.
      .on('error', () => {}),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as net.AddressInfo).port, received: () => received };
}

/** A client; with `mayFail`, a connection the proxy resets at once is returned (closed) instead of failing. */
async function connect(port: number, mayFail = false): Promise<{ socket: net.Socket; echoed: () => string; closed: () => boolean }> {
  let echoed = '';
  let closed = false;
  const socket = net.connect(port, '127.0.0.1');
  socket.on('data', (chunk: Buffer) => (echoed += chunk.toString('utf8')));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error) => (mayFail ? resolve() : reject(error)));
  });
  socket.on('error', () => {});
  socket.on('close', () => (closed = true));
  await connected;
  return { socket, echoed: () => echoed, closed: () => closed };
}

describe('TcpProxy', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    const echo = await echoServer();
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: echo.port });
    cleanups.push(
      () => new Promise<void>((resolve) => echo.server.close(() => resolve())),
      () => proxy.close(),
    );
    return { echo, proxy };
  }

  it('forwards both ways, and a reset closes open connections and refuses new ones until restored', async () => {
    const { proxy } = await setUp();
    const first = await connect(proxy.port);
    first.socket.write('hello');
    await waitFor(() => first.echoed() === 'hello', { what: 'the echo' });

    proxy.cut('reset');
    await waitFor(() => first.closed(), { what: 'the open connection to close' });
    const refused = await connect(proxy.port, true);
    await waitFor(() => refused.closed(), { what: 'a new connection to be closed' });

    proxy.restore();
    const again = await connect(proxy.port);
    again.socket.write('back');
    await waitFor(() => again.echoed() === 'back', { what: 'the echo after the restore' });
    again.socket.destroy();
    expect(proxy.connections).toBe(3);
  });

  it('a stall passes nothing and closes nothing; once restored, what was sent arrives in order', async () => {
    const { echo, proxy } = await setUp();
    const client = await connect(proxy.port);
    client.socket.write('a');
    await waitFor(() => client.echoed() === 'a', { what: 'the echo' });

    proxy.cut('stall');
    client.socket.write('b');
    client.socket.write('c');
    const held = await connect(proxy.port);
    held.socket.write('d');
    // Round trips on a connection that bypasses the proxy give the event loops time to have forwarded anything.
    const direct = await connect(echo.port);
    for (const probe of ['x', 'xy', 'xyz']) {
      direct.socket.write(probe.slice(-1));
      await waitFor(() => direct.echoed() === probe, { what: 'a direct round trip' });
    }
    expect(echo.received()).toBe('axyz');
    expect([client.closed(), held.closed()]).toEqual([false, false]);

    proxy.restore();
    await waitFor(() => client.echoed() === 'abc' && held.echoed() === 'd', { what: 'the held data, once restored' });
    for (const each of [client, held, direct]) each.socket.destroy();
  });
});
