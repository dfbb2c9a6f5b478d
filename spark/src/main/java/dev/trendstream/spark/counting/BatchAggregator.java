package dev.trendstream.spark.counting;

import dev.trendstream.spark.counting.CountingTypes.CountRow;
import dev.trendstream.spark.counting.CountingTypes.CountablePost;
import dev.trendstream.spark.counting.CountingTypes.DeadMessage;
import dev.trendstream.spark.counting.CountingTypes.DeleteMessage;
import dev.trendstream.spark.counting.CountingTypes.EditMessage;
import dev.trendstream.spark.counting.CountingTypes.MemoryKind;
import dev.trendstream.spark.counting.CountingTypes.PartitionState;
import dev.trendstream.spark.counting.CountingTypes.PendingMessage;
import dev.trendstream.spark.counting.CountingTypes.PostCountRow;
import dev.trendstream.spark.counting.CountingTypes.PostMessage;
import dev.trendstream.spark.counting.CountingTypes.RememberedPost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counting semantics of one batch, ported line for line from the processor's aggregate-batch.ts (and
 * proven equal to it by spark/test/aggregation-parity.test.ts): skip what is already applied, drop posts outside
 * the retention horizon, dedupe by identity against the remembered posts, count each word once per post in its
 * event-time bucket, take words back for deletes and edits. Pure: the caller reads the states and the memory
 * inside the transaction it then writes.
 */
public final class BatchAggregator {
  public record Options(long bucketMs, long horizonMs, Set<String> followedHashtags, long now) {}

  public static final class Stats {
    public long counted;
    public long late;
    public long duplicates;
    public long boosts;
    public long deleted;
    public long edited;
    public long unmatched;
    public long alreadyApplied;
  }

  public record Result(
      List<CountRow> wordCounts,
      List<PostCountRow> postCounts,
      List<RememberedPost> remembered,
      List<DeadMessage> deadLetters,
      Map<Integer, PartitionState> states,
      Stats stats) {}

  public static final String UNKNOWN_LANGUAGE = "";

  private BatchAggregator() {}

  public static Result aggregate(
      List<? extends PendingMessage> messages, Map<Integer, PartitionState> storedStates, Map<String, RememberedPost> memory, Options options) {
    return new Run(storedStates, memory, options).apply(messages);
  }

  static long bucketStart(long time, long bucketMs) {
    return Math.floorDiv(time, bucketMs) * bucketMs;
  }

  static boolean isLate(long eventTime, Long partitionMaxEventTime, long horizonMs) {
    return partitionMaxEventTime != null && eventTime < partitionMaxEventTime - horizonMs;
  }

  private static final class Run {
    private final Map<Integer, PartitionState> storedStates;
    private final Map<String, RememberedPost> memory;
    private final Options options;
    private final Map<Integer, PartitionState> states = new TreeMap<>();
    private final Map<String, RememberedPost> changed = new TreeMap<>();
    private final CountDeltas deltas = new CountDeltas();
    private final Stats stats = new Stats();
    private final List<DeadMessage> deadLetters = new ArrayList<>();

    Run(Map<Integer, PartitionState> storedStates, Map<String, RememberedPost> memory, Options options) {
      this.storedStates = storedStates;
      this.memory = memory;
      this.options = options;
    }

    Result apply(List<? extends PendingMessage> messages) {
      for (PendingMessage message : messages) {
        PartitionState state = stateOf(message.partition());
        if (message.offset() < state.nextOffset) {
          stats.alreadyApplied++;
          continue;
        }
        state.nextOffset = message.offset() + 1;
        if (message instanceof DeadMessage dead) deadLetters.add(dead);
        else if (message instanceof PostMessage post) countNew(post.post(), state);
        else if (message instanceof EditMessage edit) applyEdit(edit.post(), state);
        else if (message instanceof DeleteMessage delete) applyDelete(delete, state);
      }
      return new Result(deltas.wordRows(), deltas.postRows(), new ArrayList<>(changed.values()), deadLetters, states, stats);
    }

    private PartitionState stateOf(int partition) {
      return states.computeIfAbsent(partition, p -> {
        PartitionState stored = storedStates.get(p);
        return stored == null ? new PartitionState(0, null, null, 0) : stored.copy();
      });
    }

    private RememberedPost recall(String uriHash) {
      RememberedPost entry = changed.get(uriHash);
      return entry != null ? entry : memory.get(uriHash);
    }

    private void applyWords(RememberedPost entry, int sign) {
      long bucket = bucketStart(entry.eventTime(), options.bucketMs());
      for (String scope : entry.scopes()) deltas.add(scope, bucket, entry.lang(), entry.tokens(), sign);
    }

    private List<String> scopesFor(List<String> hashtags) {
      List<String> scopes = new ArrayList<>();
      scopes.add("");
      for (String tag : hashtags) if (options.followedHashtags().contains(tag)) scopes.add(tag);
      return scopes;
    }

    private boolean withinHorizon(RememberedPost entry, PartitionState state) {
      return !isLate(entry.eventTime(), state.maxEventTime, options.horizonMs());
    }

    private void countNew(CountablePost post, PartitionState state) {
      // A clock running fast must not drag the watermark into the future: a post from the future counts as written now.
      long eventTime = Math.min(post.createdAt(), options.now());
      if (isLate(eventTime, state.maxEventTime, options.horizonMs())) {
        state.latePosts++;
        stats.late++;
        return;
      }
      if (state.maxEventTime == null || eventTime > state.maxEventTime) {
        state.maxEventTime = eventTime;
        state.lastAdvanceAt = options.now();
      }
      if (recall(post.uriHash()) != null) {
        stats.duplicates++;
        return;
      }
      String lang = post.language() == null ? UNKNOWN_LANGUAGE : post.language();
      RememberedPost entry = post.isBoost()
          ? new RememberedPost(post.uriHash(), eventTime, MemoryKind.BOOST, lang, List.of(), List.of())
          : new RememberedPost(post.uriHash(), eventTime, MemoryKind.COUNTED, lang, scopesFor(post.hashtags()), post.tokens());
      changed.put(post.uriHash(), entry);
      if (post.isBoost()) {
        stats.boosts++;
        return;
      }
      stats.counted++;
      applyWords(entry, 1);
    }

    private void applyEdit(CountablePost post, PartitionState state) {
      RememberedPost before = recall(post.uriHash());
      // Only the edited form reached us (the original was missed or is still on its way): it is the post.
      if (before == null) {
        countNew(post, state);
        return;
      }
      // A boost cannot be edited: an edit that says it is one has nothing to replace the words with.
      if (before.kind() != MemoryKind.COUNTED || post.isBoost() || !withinHorizon(before, state)) {
        stats.unmatched++;
        return;
      }
      RememberedPost after = new RememberedPost(
          before.uriHash(), before.eventTime(), before.kind(), post.language() == null ? UNKNOWN_LANGUAGE : post.language(), scopesFor(post.hashtags()), post.tokens());
      applyWords(before, -1);
      applyWords(after, 1);
      changed.put(after.uriHash(), after);
      stats.edited++;
    }

    private void applyDelete(DeleteMessage delete, PartitionState state) {
      RememberedPost before = recall(delete.uriHash());
      if (before == null) {
        // The deletion overtook its post (reordered, or the post is still in a gap fill): it must never count.
        changed.put(delete.uriHash(), RememberedPost.tombstone(delete.uriHash(), Math.min(delete.receivedAt(), options.now())));
        stats.unmatched++;
        return;
      }
      if (before.kind() == MemoryKind.DELETED || before.kind() == MemoryKind.UNREMEMBERED || !withinHorizon(before, state)) {
        stats.unmatched++;
        return;
      }
      if (before.kind() == MemoryKind.COUNTED) {
        applyWords(before, -1);
        stats.deleted++;
      }
      changed.put(before.uriHash(), new RememberedPost(before.uriHash(), before.eventTime(), MemoryKind.DELETED, before.lang(), List.of(), List.of()));
    }
  }
}
