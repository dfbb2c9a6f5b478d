import { runMain } from '@trendstream/runtime/run-main';
import { ClientPool } from './load-client-pool.js';
import type { CollectRequest, GrowRequest } from './load-protocol.js';
import { serveRpc } from './load-rpc.js';

/**
 * One client process of `npm run bench:load` (started by load-main.ts): holds socket.io clients and reports
 * when each delta reached them. The clients live apart from the processor so that their own work does not
 * slow it down inside one event loop.
 */
runMain('bench:load clients', async ({ signal }) => {
  const pool = new ClientPool();
  const served = serveRpc({
    grow: (request: GrowRequest) => pool.grow(request),
    mark: () => pool.mark(),
    collect: (request: CollectRequest) => pool.collect(request),
    close: () => pool.close(),
  });
  await Promise.race([served, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
  pool.close();
  return 0;
});
