import { describe, expect, it } from 'vitest';
import { brokerProperties } from '../../src/broker-properties.js';

describe('local broker properties', () => {
  it('is a single KRaft node bound to loopback with replication factors of one', () => {
    const properties = brokerProperties({ brokerPort: 19092, controllerPort: 19093, logDir: '/tmp/x' });
    expect(properties).toContain('process.roles=broker,controller');
    expect(properties).toContain('listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(properties).toContain('controller.quorum.voters=1@127.0.0.1:19093');
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
    ]) {
      expect(properties).toContain(`${key}=1`);
    }
    expect(properties).not.toMatch(/0\.0\.0\.0/u);
  });
});
