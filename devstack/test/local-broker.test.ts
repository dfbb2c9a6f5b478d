import { describe, expect, it } from 'vitest';
import { brokerProperties } from '../src/broker-properties.js';
import { DevstackError } from '../src/devstack-error.js';
import { startLocalBroker } from '../src/kafka-broker.js';
import { requireCommand } from '../src/kafka-jars.js';

describe('local broker', () => {
  it('is a single KRaft node bound to loopback with replication factors of one', () => {
    const properties = brokerProperties({ brokerPort: 19092, controllerPort: 19093, logDir: '/tmp/x' });
    expect(properties).toContain('process.roles=broker,controller');
    expect(properties).toContain('listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(properties).toContain('controller.quorum.voters=1@127.0.0.1:19093');
    for (const key of ['offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'transaction.state.log.min.isr', 'share.coordinator.state.topic.replication.factor']) {
      expect(properties).toContain(`${key}=1`);
    }
    expect(properties).not.toMatch(/0\.0\.0\.0/u);
  });

  it('says in one line what to install when java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startLocalBroker({ dataDir: '/tmp/never-used' })).rejects.toThrow(DevstackError);
      await expect(startLocalBroker({ dataDir: '/tmp/never-used' })).rejects.toThrow(/'java' was not found: install a Java 17\+ runtime/u);
      expect(() => requireCommand('mvn', ['--version'], 'install Apache Maven')).toThrow("'mvn' was not found: install Apache Maven");
    } finally {
      process.env.PATH = path;
    }
  });
});
