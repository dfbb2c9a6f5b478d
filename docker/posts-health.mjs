// Container health probe for a producer that serves no HTTP (the replay): exits 0 when the broker answers and
// the posts topic has grown since the previous check, 1 otherwise. Reads the container's KAFKA_BROKERS and
// TOPIC_PREFIX; the previous check's record count is kept in POSTS_HEALTH_STATE (a file in /tmp). High offsets
// never go down, so "holds records" alone stayed true for a replay that had stopped producing.
// kafkajs resolves from /app/node_modules: it is one of the ingest's production dependencies.
import { readFileSync, writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((broker) => broker.trim())
  .filter(Boolean);
const topic = `${process.env.TOPIC_PREFIX ?? ''}posts`;
const stateFile = process.env.POSTS_HEALTH_STATE ?? '/tmp/trendstream-posts-health.json';
const previousRecords = (() => {
  try {
    return Number(JSON.parse(readFileSync(stateFile, 'utf8')).records) || 0;
  } catch {
    return 0;
  }
})();
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
  healthy = records > previousRecords;
  if (records === 0) console.error(`${topic} is empty: nothing produced yet`);
  else if (!healthy) console.error(`${topic} has not grown since the previous check (${records} records): nothing produced meanwhile`);
  writeFileSync(stateFile, JSON.stringify({ records, checkedAt: new Date().toISOString() }));
} catch (error) {
  console.error(`${topic} on ${brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await admin.disconnect().catch(() => {});
}
process.exit(healthy ? 0 : 1);
