import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { DeltaEmit } from './load-protocol.js';

interface BroadcastPacket {
  data?: unknown[];
}

interface BroadcastOptions {
  rooms?: Set<string>;
}

interface AdapterLike {
  rooms: Map<string, Set<string>>;
  broadcast: (this: AdapterLike, packet: BroadcastPacket, options: BroadcastOptions) => void;
}

/**
 * Records when the processor broadcasts each `trends:delta`, and how long the fan-out to the room took.
 *
 * The processor exposes no hook for "a delta was sent" (only the end-to-end latency of the posts a tick
 * carried, taken after every room of the tick was computed), so the benchmark wraps the socket.io adapter's
 * `broadcast`, which `io.to(room).emit()` calls once per delta and which writes the pre-encoded frame to every
 * socket of the room synchronously. It must be the adapter the processor's own socket.io loads, so it is
 * resolved from there. Call before `buildProcessor`; it changes nothing the processor does.
 */
export function probeDeltaEmits(): { emits: DeltaEmit[] } {
  const processorApp = fileURLToPath(import.meta.resolve('@trendstream/processor/app'));
  const socketIo = createRequire(processorApp).resolve('socket.io');
  const { Adapter } = createRequire(socketIo)('socket.io-adapter') as { Adapter: { prototype: AdapterLike } };
  const emits: DeltaEmit[] = [];
  const broadcast = Adapter.prototype.broadcast;
  Adapter.prototype.broadcast = function (this: AdapterLike, packet, options) {
    const [event, payload] = packet.data ?? [];
    const room = options.rooms?.size === 1 ? [...options.rooms][0] : undefined;
    if (event !== 'trends:delta' || room === undefined) {
      broadcast.call(this, packet, options);
      return;
    }
    const sentAt = Date.now();
    const started = performance.now();
    broadcast.call(this, packet, options);
    emits.push({
      room,
      seq: (payload as { seq: number }).seq,
      sentAt,
      fanOutMs: Math.round((performance.now() - started) * 10) / 10,
      recipients: this.rooms.get(room)?.size ?? 0,
    });
  };
  return { emits };
}
