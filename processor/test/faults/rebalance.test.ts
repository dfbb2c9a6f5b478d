import { describe, it } from 'vitest';
import { exitCode } from '@trendstream/testkit/scripts';
import { waitFor } from '@trendstream/testkit/wait-for';
import { faultCases } from './support/fault-case.js';
import { faultWorkload } from './support/workload.js';

describe('two processors in one consumer group', () => {
  const cases = faultCases();

  it('one killed (kill -9) while the second joins: the survivor takes every partition and the counts end exact', async () => {
    const world = await cases.world();
    const workload = faultWorkload();
    await world.produce(workload.messages);
    const first = await world.spawnProcessor();
    await world.waitForApplied(Math.floor(0.2 * workload.messages.length));

    const second = await world.spawnProcessor();
    const admin = world.kafka().admin();
    await admin.connect();
    try {
      // The second member's arrival starts a rebalance: kill the first as soon as it shows (or once both hold partitions).
      await waitFor(
        async () => {
          const described = (await admin.describeGroups([world.group])).groups[0];
          return described !== undefined && (described.state !== 'Stable' || described.members.length === 2);
        },
        { what: 'the rebalance the second processor starts', timeoutMs: 60_000, intervalMs: 20 },
      );
      first.child.kill('SIGKILL');
      await exitCode(first.child);
    } finally {
      await admin.disconnect();
    }
    await world.expectExact(second, workload.expected);
  });
});
