import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { InstanceState } from '@trendstream/contracts/api-types';

export const INSTANCE_STATES: readonly InstanceState[] = ['starting', 'streaming', 'polling', 'backing-off', 'unauthorized', 'disabled', 'stopped'];

/**
 * The live ingest's Prometheus metrics (GET /metrics on INGEST_PORT). Labels stay low-cardinality: the
 * instance host and a channel *kind* (public, local, remote, hashtag), never a tag or a URI.
 */
export function createIngestMetrics(registry: Registry = new Registry(), options: { defaultMetrics?: boolean } = {}) {
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'ingest_' });
  const registers = [registry];
  return {
    registry,
    instanceState: new Gauge({
      name: 'ingest_instance_state',
      help: 'One per instance and state: 1 for the state the instance is in now, 0 otherwise',
      labelNames: ['instance', 'state'],
      registers,
    }),
    statusesReceived: new Counter({
      name: 'ingest_statuses_received_total',
      help: 'Statuses received, before dedupe, by how they arrived (stream, rest) and channel kind',
      labelNames: ['instance', 'source', 'channel'],
      registers,
    }),
    postsProduced: new Counter({
      name: 'ingest_posts_produced_total',
      help: 'Records acknowledged by Kafka, by kind (post, deleted, updated)',
      labelNames: ['kind'],
      registers,
    }),
    duplicates: new Counter({
      name: 'ingest_duplicates_skipped_total',
      help: 'Statuses skipped because their URI was already produced (across instances, stream and gap fill)',
      registers,
    }),
    optedOut: new Counter({
      name: 'ingest_opted_out_skipped_total',
      help: 'Statuses skipped because the author opted out of discovery or indexing',
      registers,
    }),
    invalid: new Counter({
      name: 'ingest_invalid_statuses_total',
      help: 'Payloads that were not a valid Mastodon status',
      labelNames: ['instance'],
      registers,
    }),
    queueDropped: new Counter({ name: 'ingest_queue_dropped_total', help: 'Records dropped because the bounded queue to Kafka was full', registers }),
    queueSize: new Gauge({ name: 'ingest_queue_size', help: 'Records waiting for Kafka', registers }),
    queueCapacity: new Gauge({ name: 'ingest_queue_capacity', help: 'Bound of the queue to Kafka (INGEST_QUEUE_CAPACITY)', registers }),
    produceErrors: new Counter({ name: 'ingest_produce_errors_total', help: 'Failed Kafka sends (the batch is retried)', registers }),
    reconnects: new Counter({
      name: 'ingest_reconnects_total',
      help: 'Streaming sessions that ended and were reopened, by reason',
      labelNames: ['instance', 'reason'],
      registers,
    }),
    stalls: new Counter({
      name: 'ingest_stalls_total',
      help: 'Streams that went silent (no event, ping or pong) for MASTODON_STALL_TIMEOUT_MS',
      labelNames: ['instance'],
      registers,
    }),
    gapFillStatuses: new Counter({
      name: 'ingest_gap_fill_statuses_total',
      help: 'Statuses read over REST to fill a gap or poll',
      labelNames: ['instance'],
      registers,
    }),
    auditMissed: new Counter({
      name: 'ingest_audit_missed_total',
      help: 'Statuses an audit of an open stream found over REST that the stream should have delivered and did not',
      labelNames: ['instance'],
      registers,
    }),
    gapFillTruncated: new Counter({
      name: 'ingest_gap_fill_truncated_total',
      help: 'Gap fills longer than MASTODON_GAP_FILL_MAX_PAGES pages (they go on in further rounds)',
      labelNames: ['instance'],
      registers,
    }),
    restRequests: new Counter({
      name: 'ingest_rest_requests_total',
      help: 'REST requests sent, by HTTP status (0 = no response)',
      labelNames: ['instance', 'status'],
      registers,
    }),
    rateLimitWaits: new Counter({
      name: 'ingest_rate_limit_waits_total',
      help: 'Times a REST request waited for the rate-limit window to reset',
      labelNames: ['instance'],
      registers,
    }),
    deletesUnknown: new Counter({
      name: 'ingest_deletes_unknown_total',
      help: 'Delete events for statuses this process never produced (not forwarded)',
      registers,
    }),
    streamErrors: new Counter({
      name: 'ingest_stream_errors_total',
      help: 'Error objects a stream sent in band (an X `{"errors":[…]}` line), which do not end the connection by themselves',
      labelNames: ['instance'],
      registers,
    }),
    rejectedHashtags: new Counter({
      name: 'ingest_rejected_hashtags_total',
      help: 'Hashtags not subscribed because they are invalid or over MASTODON_MAX_HASHTAGS',
      registers,
    }),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

export function setInstanceState(metrics: IngestMetrics, instance: string, state: InstanceState): void {
  for (const candidate of INSTANCE_STATES) metrics.instanceState.set({ instance, state: candidate }, candidate === state ? 1 : 0);
}
