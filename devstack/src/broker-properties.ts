export interface BrokerLayout {
  brokerPort: number;
  controllerPort: number;
  logDir: string;
  /**
   * A second client listener whose advertised address is another port (a TCP proxy in front of it, for the fault
   * tests): clients that bootstrap through the proxy are told to reach the broker through it, others are not.
   */
  proxied?: { port: number; advertisedPort: number };
}

/**
 * A single-node KRaft broker bound to loopback. Replication factors are 1 because there is one node; the
 * rebalance delay is 0 so consumer groups in tests join at once.
 */
export function brokerProperties({ brokerPort, controllerPort, logDir, proxied }: BrokerLayout): string {
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}${proxied ? `,PROXIED://127.0.0.1:${proxied.port}` : ''}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${brokerPort}${proxied ? `,PROXIED://127.0.0.1:${proxied.advertisedPort}` : ''}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${proxied ? ',PROXIED:PLAINTEXT' : ''}`,
    'log.dirs': logDir,
    'num.partitions': 3,
    'auto.create.topics.enable': 'false',
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'group.initial.rebalance.delay.ms': 0,
    'log.cleaner.min.compaction.lag.ms': 0,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
    .concat('\n');
}
