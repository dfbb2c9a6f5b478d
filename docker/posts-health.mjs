// Container health probe for a producer that serves no HTTP (the replay): exits 0 when the broker answers and
// the posts topic holds at least one record, 1 otherwise. Reads the container's KAFKA_BROKERS and TOPIC_PREFIX.
// kafkajs resolves from /app/node_modules: it is one of the ingest's production dependencies.
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim()).filter(Boolean);
const topic = `${process.env.TOPIC_PREFIX ?? ''}posts`;
if (brokers.length === 0) {
  console.error('KAFKA_BROKERS is not set');
  process.exit(1);
}
const admin = new Kafka({
  clientId: 'trendstream-healthcheck',
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  requestTimeout: 5000,
  retry: { retries: 1 },
}).admin();
let healthy = false;
try {
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  const records = offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  healthy = records > 0;
  if (!healthy) console.error(`${topic} is empty: nothing produced yet`);
} catch (error) {
  console.error(`${topic} on ${brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await admin.disconnect().catch(() => {});
}
process.exit(healthy ? 0 : 1);
