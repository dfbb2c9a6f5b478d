import { describe, it } from 'vitest';
import { faultCases } from './support/fault-case.js';

describe('the Kafka broker killed and restarted', () => {
  const cases = faultCases();

  it('kill -9 of the broker twice while the processor counts: it reconnects and ends exact', async () => {
    const { world, workload, url } = await cases.counting();
    for (const share of [0.25, 0.6]) {
      await world.waitForApplied(Math.floor(share * workload.messages.length));
      await world.killAndRestartBroker();
    }
    await world.expectExact({ url }, workload.expected);
  });
});
