import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from './names.js';

/**
 * The test broker, from KAFKA_BROKERS (comma-separated). Integration tests fail without it, never skip:
 * `npm test` and devstack's with-stack start a local broker and set it.
 */
export function kafkaBrokers(): string[] {
  const value = process.env.KAFKA_BROKERS?.trim();
  if (!value) {
    throw new Error(
      'KAFKA_BROKERS is not set: run the tests with `npm test`, or under `node devstack/dist/with-stack-main.js -- ...`, which starts a local Kafka broker',
    );
  }
  return value.split(',').map((broker) => broker.trim());
}

/** A kafkajs client for the test broker that keeps its logs to itself. */
export function testKafka(clientId = 'trendstream-test'): Kafka {
  return new Kafka({ clientId, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
}

/** A TOPIC_PREFIX no other test uses ("name_1a2b3c4d."), so tests never share a topic. */
export function uniqueTopicPrefix(name: string): string {
  return `${uniqueName(name)}.`;
}
