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
