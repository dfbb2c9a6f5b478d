import { describe, it } from 'vitest';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { faultCases } from './support/fault-case.js';

const flushFailures = async (processor: Processor) =>
  Number(/^trendstream_flush_failures_total (\d+)/mu.exec((await processor.http.inject({ url: '/metrics' })).body)?.[1] ?? 0);

describe('cut links (through a TCP proxy)', () => {
  const cases = faultCases();

  it('processor ↔ MySQL cut mid-transaction, three times: nothing lost, nothing counted twice', async () => {
    const { world, workload, processor, url } = await cases.counting({ proxyMysql: true });
    const proxy = world.mysqlProxy!;
    // Early enough that work is left after each cut: a failed flush is what the test waits for.
    for (const share of [0.2, 0.4, 0.6]) {
      await world.waitForApplied(Math.floor(share * workload.messages.length));
      const failedBefore = await flushFailures(processor);
      // A reset tears down the connection of the transaction in flight: MySQL rolls it back.
      proxy.cut('reset');
      await waitFor(async () => (await flushFailures(processor)) > failedBefore, { what: 'a counting transaction to fail', timeoutMs: 60_000 });
      proxy.restore();
    }
    await world.expectExact({ url }, workload.expected);
  });

  it('processor ↔ Kafka cut past the session timeout, then restored: the group moves on without it and it rejoins', async () => {
    const { world, workload, url } = await cases.counting({ proxyKafka: true });
    await world.waitForApplied(Math.floor(0.3 * workload.messages.length));
    // A stall, as a partition does: nothing passes, no connection closes.
    world.kafkaProxy!.cut('stall');
    const admin = world.kafka().admin();
    await admin.connect();
    try {
      // Past the session timeout: the coordinator has dropped the silent member.
      await waitFor(async () => (await admin.describeGroups([world.group])).groups[0]?.members.length === 0, {
        what: 'the coordinator to drop the cut-off processor',
        timeoutMs: 60_000,
        intervalMs: 500,
      });
    } finally {
      await admin.disconnect();
    }
    world.kafkaProxy!.restore();
    await world.expectExact({ url }, workload.expected);
  });
});
