import { describe, it } from 'vitest';
import { exitCode } from '@trendstream/testkit/scripts';
import { faultCases } from './support/fault-case.js';
import { faultWorkload } from './support/workload.js';

describe('the processor killed', () => {
  const cases = faultCases();

  it('kill -9 mid-transaction at three points, small transactions: every restart resumes from the stored offsets, exact', async () => {
    // Transactions of 250 messages every few ms, so a kill lands inside one more often than between two.
    const world = await cases.world({ env: { FLUSH_MAX_POSTS: '250', FLUSH_INTERVAL_MS: '20' } });
    const workload = faultWorkload();
    await world.produce(workload.messages);
    for (const share of [0.2, 0.45, 0.7]) {
      const { child } = await world.spawnProcessor();
      await world.waitForApplied(Math.floor(share * workload.messages.length));
      child.kill('SIGKILL');
      await exitCode(child);
    }
    await world.expectExact(await world.spawnProcessor(), workload.expected);
  });
});
