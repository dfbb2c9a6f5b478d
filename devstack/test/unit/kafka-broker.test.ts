import { describe, expect, it } from 'vitest';
import { withEnv } from '@trendstream/testkit/env';
import { DevstackError } from '../../src/devstack-error.js';
import { startLocalBroker } from '../../src/kafka-broker.js';

describe('local broker', () => {
  it('says in one line what to install when java is missing', async () => {
    await withEnv({ PATH: '/nonexistent' }, async () => {
      await expect(startLocalBroker({ dataDir: '/tmp/never-used' })).rejects.toThrow(DevstackError);
      await expect(startLocalBroker({ dataDir: '/tmp/never-used' })).rejects.toThrow(/'java' was not found: install a Java 17\+ runtime/u);
    });
  });
});
