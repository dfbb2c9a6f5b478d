package dev.trendstream.spark.counting;

import java.util.List;

/**
 * The counting's data, as the processor has it (processor/src/counting/batch-types.ts, post-memory.ts): what a
 * message asks, what is remembered of a post, each partition's applied offset and watermark, the count changes.
 */
public final class CountingTypes {
  private CountingTypes() {}

  /** What the counting needs of a post, taken from its Avro record. */
  public record CountablePost(String uriHash, long createdAt, long receivedAt, String language, boolean isBoost, List<String> hashtags, List<String> tokens) {}

  public sealed interface PendingMessage permits PostMessage, EditMessage, DeleteMessage, DeadMessage {
    int partition();

    long offset();
  }

  public record PostMessage(int partition, long offset, CountablePost post) implements PendingMessage {}

  /** A post as it reads after an edit: its words replace the ones it was counted with. */
  public record EditMessage(int partition, long offset, CountablePost post) implements PendingMessage {}

  /** A deletion: the post's words leave the buckets they were counted in. */
  public record DeleteMessage(int partition, long offset, String uriHash, long receivedAt) implements PendingMessage {}

  /** A message that cannot be decoded: recorded, never counted, never blocking its partition. */
  public record DeadMessage(int partition, long offset, String code, String reason) implements PendingMessage {}

  /** The stored state of one partition: the next offset to apply and its watermark. Mutable while a batch is aggregated. */
  public static final class PartitionState {
    public long nextOffset;
    public Long maxEventTime;
    public Long lastAdvanceAt;
    public long latePosts;

    public PartitionState(long nextOffset, Long maxEventTime, Long lastAdvanceAt, long latePosts) {
      this.nextOffset = nextOffset;
      this.maxEventTime = maxEventTime;
      this.lastAdvanceAt = lastAdvanceAt;
      this.latePosts = latePosts;
    }

    PartitionState copy() {
      return new PartitionState(nextOffset, maxEventTime, lastAdvanceAt, latePosts);
    }
  }

  public enum MemoryKind {
    /** Counted: its words are in the buckets, under its scopes. */
    COUNTED,
    /** A boost: seen (so it counts once) but it added no words. */
    BOOST,
    /** Deleted: its words were taken back, or the deletion came first and the post must never count. */
    DELETED,
    /** Counted before words were remembered (schema version 1): it cannot be taken back. */
    UNREMEMBERED;

    /** The code stored in counted_posts.kind. */
    public int code() {
      return ordinal();
    }

    /** An unknown code reads as UNREMEMBERED: never taken back, never counted again. */
    public static MemoryKind ofCode(int code) {
      return code >= 0 && code < values().length ? values()[code] : UNREMEMBERED;
    }
  }

  /** What is remembered of a post inside the retention horizon (a counted_posts row). */
  public record RememberedPost(String uriHash, long eventTime, MemoryKind kind, String lang, List<String> scopes, List<String> tokens) {
    /** A deletion that arrived before its post: the post, when it comes, counts as already seen. */
    static RememberedPost tombstone(String uriHash, long arrivedAt) {
      return new RememberedPost(uriHash, arrivedAt, MemoryKind.DELETED, "", List.of(), List.of());
    }
  }

  /** A change to the number of posts holding a word in a bucket: negative when a delete or an edit takes it back. */
  public record CountRow(String scope, long bucketStart, String lang, String word, long count) {}

  public record PostCountRow(String scope, long bucketStart, String lang, long posts) {}
}
