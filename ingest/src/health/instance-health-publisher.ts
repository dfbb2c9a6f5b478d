import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { InstanceHealth } from '@trendstream/contracts/api-types';

/**
 * Publishes each instance's state to the compacted `ingest.status` topic (key = instance host, value = JSON
 * InstanceHealth), where the processor's /api/health reads the latest per instance. Sends are chained so
 * a later state never overtakes an earlier one; a failure is logged, never thrown (status is best effort).
 */
export class InstanceHealthPublisher {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly logger: Logger,
  ) {}

  publish(status: InstanceHealth): void {
    this.chain = this.chain.then(async () => {
      try {
        await this.producer.send({ topic: this.topic, messages: [{ key: status.instance, value: JSON.stringify(status) }] });
      } catch (error) {
        this.logger.warn({ err: error, instance: status.instance }, `could not publish the state of ${status.instance} to ${this.topic}`);
      }
    });
  }

  /** Resolves once everything published so far was sent (or failed). */
  flush(): Promise<void> {
    return this.chain;
  }
}
