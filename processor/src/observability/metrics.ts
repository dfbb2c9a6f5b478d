import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The processor's Prometheus metrics, on a registry of its own so tests can build several apps. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'trendstream_processor_' });
  return {
    registry,
    postsIn: new Counter({
      name: 'trendstream_posts_in_total',
      help: 'Posts read from Kafka, by source (stream, rest, replay) and instance',
      labelNames: ['source', 'instance'] as const,
      registers: [registry],
    }),
    postsCounted: new Counter({ name: 'trendstream_posts_counted_total', help: 'Posts whose words were counted', registers: [registry] }),
    latePosts: new Counter({
      name: 'trendstream_late_posts_total',
      help: 'Posts older than the retention horizon behind their partition, not counted',
      registers: [registry],
    }),
    duplicatePosts: new Counter({ name: 'trendstream_duplicate_posts_total', help: 'Posts already counted under the same URI', registers: [registry] }),
    boosts: new Counter({ name: 'trendstream_boosts_total', help: 'Boosts seen (they add no word counts)', registers: [registry] }),
    deletesApplied: new Counter({ name: 'trendstream_deletes_applied_total', help: "Deletions that took a post's words back", registers: [registry] }),
    editsApplied: new Counter({ name: 'trendstream_edits_applied_total', help: "Edits that replaced a post's words", registers: [registry] }),
    deadLetters: new Counter({ name: 'trendstream_dead_letters_total', help: 'Messages that could not be decoded', registers: [registry] }),
    flushDuration: new Histogram({
      name: 'trendstream_flush_duration_seconds',
      help: 'Duration of one counting transaction',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    flushFailures: new Counter({
      name: 'trendstream_flush_failures_total',
      help: 'Counting transactions that failed (their messages are kept and retried)',
      registers: [registry],
    }),
    flushRows: new Histogram({
      name: 'trendstream_flush_rows',
      help: 'Rows upserted by one counting transaction',
      buckets: [10, 100, 1000, 5000, 20000, 100000],
      registers: [registry],
    }),
    compactionRows: new Counter({
      name: 'trendstream_compaction_rows_total',
      help: 'Bucket rows written by compaction (folding the count change log into the stored buckets)',
      registers: [registry],
    }),
    compactionFailures: new Counter({
      name: 'trendstream_compaction_failures_total',
      help: 'Compaction steps that failed (retried at the next interval; the change log is kept until they succeed)',
      registers: [registry],
    }),
    uncompactedChanges: new Gauge({
      name: 'trendstream_uncompacted_changes',
      help: 'Count-change log entries not yet folded into the stored buckets, as of the last compaction',
      registers: [registry],
    }),
    consumerLag: new Gauge({ name: 'trendstream_consumer_lag', help: 'Messages on posts not yet counted', registers: [registry] }),
    socketRefusals: new Counter({
      name: 'trendstream_socket_refusals_total',
      help: 'socket.io client messages refused or dropped, by reason (invalid_subscription, replaced, too_many_rooms, unknown_event, dropped_connection)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    connectedClients: new Gauge({ name: 'trendstream_connected_clients', help: 'socket.io clients connected', registers: [registry] }),
    endToEndLatency: new Histogram({
      name: 'trendstream_end_to_end_latency_seconds',
      help: 'From ingest receipt to the delta that carries the post leaving the server',
      buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
