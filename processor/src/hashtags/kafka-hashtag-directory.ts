import type { Producer } from 'kafkajs';
import type { CompactedTopicView } from '../kafka/compacted-topic-view.js';
import type { HashtagDirectory } from './hashtag-directory.js';

export interface FollowedHashtag {
  tag: string;
  followedAt: string;
}

export function parseFollowedHashtag(value: Buffer): FollowedHashtag | undefined {
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Partial<FollowedHashtag>;
    return typeof parsed.tag === 'string' ? { tag: parsed.tag, followedAt: String(parsed.followedAt ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Followed hashtags live in the compacted `hashtags` topic (key = normalized tag, tombstone = unfollowed):
 * the ingest subscribes to what it holds, and every processor counts tag scopes from it.
 */
export class KafkaHashtagDirectory implements HashtagDirectory {
  constructor(
    private readonly view: CompactedTopicView<FollowedHashtag>,
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly now: () => number,
  ) {}

  list(): readonly string[] {
    return this.view.keys().sort();
  }

  has(tag: string): boolean {
    return this.view.get(tag) !== undefined;
  }

  async follow(tag: string): Promise<void> {
    if (this.has(tag)) return;
    const record: FollowedHashtag = { tag, followedAt: new Date(this.now()).toISOString() };
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: tag, value: JSON.stringify(record) }] });
    this.view.set(tag, record);
  }

  async unfollow(tag: string): Promise<void> {
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: tag, value: null }] });
    this.view.set(tag, null);
  }
}
