import type { FollowedHashtagsReader, FollowedHashtagsWriter } from '@trendstream/runtime/followed-hashtags';
import type { HashtagDirectory } from './hashtag-directory.js';

/**
 * Followed hashtags live in the compacted `hashtags` topic (the record rules are in @trendstream/contracts/followed-hashtags, the reader and writer in @trendstream/runtime):
 * the ingest subscribes to what it holds, and every processor counts tag scopes from it. A write is
 * reflected locally at once so the API reads its own writes before the reader sees the record come back.
 */
export class KafkaHashtagDirectory implements HashtagDirectory {
  private readonly local = new Map<string, boolean>();

  constructor(
    private readonly reader: FollowedHashtagsReader,
    private readonly writer: FollowedHashtagsWriter,
    private readonly now: () => number,
  ) {
    reader.onChange(({ added, removed }) => {
      for (const tag of [...added, ...removed]) this.local.delete(tag);
    });
  }

  whenLoaded(timeoutMs: number): Promise<boolean> {
    return this.reader.ready(timeoutMs).then(
      () => true,
      () => false,
    );
  }

  list(): readonly string[] {
    const tags = new Set(this.reader.tags);
    for (const [tag, followed] of this.local) {
      if (followed) tags.add(tag);
      else tags.delete(tag);
    }
    return [...tags].sort();
  }

  has(tag: string): boolean {
    return this.local.get(tag) ?? this.reader.tags.has(tag);
  }

  async follow(tag: string): Promise<void> {
    await this.writer.follow(tag, new Date(this.now()));
    this.local.set(tag, true);
  }

  async unfollow(tag: string): Promise<void> {
    await this.writer.unfollow(tag);
    this.local.set(tag, false);
  }
}
