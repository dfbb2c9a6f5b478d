import { describe, it } from 'vitest';
import { faultCases } from './support/fault-case.js';

describe('MySQL killed and restarted', () => {
  const cases = faultCases();

  it('kill -9 of the MySQL server twice while the processor counts: InnoDB recovers, the processor retries, counts end exact', async () => {
    const { world, workload, url } = await cases.counting({ ownMysql: true });
    for (const share of [0.25, 0.6]) {
      await world.waitForApplied(Math.floor(share * workload.messages.length));
      await world.mysqlServer!.killAndRestart();
    }
    await world.expectExact({ url }, workload.expected);
  });
});
