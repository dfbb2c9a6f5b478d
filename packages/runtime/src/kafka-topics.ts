import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicNames } from '@trendstream/contracts/topics';

export interface TopicLayout {
  /** Partitions of `posts`: the most processor instances that can share the work. */
  postsPartitions: number;
}

/**
 * The topics and their settings, created by whichever app starts first (creation is idempotent). `hashtags`
 * is compacted: the latest record per tag is the followed state, a tombstone unfollows. `ingest.status` and
 * `ingest.cursors` are compacted too: only the latest state and read position per key matter.
 */
export function topicConfigs(topics: TopicNames, layout: TopicLayout): ITopicConfig[] {
  return [
    { topic: topics.posts, numPartitions: layout.postsPartitions },
    { topic: topics.postsDeadLetter, numPartitions: 1 },
    {
      topic: topics.hashtags,
      numPartitions: 1,
      configEntries: [
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'min.cleanable.dirty.ratio', value: '0.01' },
        { name: 'segment.ms', value: '600000' },
      ],
    },
    { topic: topics.ingestStatus, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    { topic: topics.ingestCursors, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
  ];
}

export async function ensureTopics(admin: Admin, topics: TopicNames, layout: TopicLayout): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topicConfigs(topics, layout).filter((config) => !existing.has(config.topic));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  } catch (error) {
    // Another app may have created them between listTopics and createTopics.
    if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
  }
}

/**
 * The topic's offsets per partition, retried while a topic created a moment ago is not ready on the broker yet:
 * until its metadata has reached the broker, a listOffsets request is answered with a retriable error such as
 * NOT_LEADER_OR_FOLLOWER, even on a single node. Anything else, or still failing after `timeoutMs`, is thrown.
 */
export async function fetchTopicOffsetsWhenReady(
  admin: Admin,
  topic: string,
  timeoutMs = 30_000,
): Promise<Array<{ partition: number; offset: string; high: string; low: string }>> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * attempt)));
    }
  }
}
