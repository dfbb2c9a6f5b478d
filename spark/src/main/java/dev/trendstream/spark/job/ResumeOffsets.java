package dev.trendstream.spark.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the Spark job starts reading, by the processor's rules (processor/src/counting/resume-offsets.ts): MySQL's
 * offsets are the record of what is counted, and the broker's range of each partition says what can still be read.
 * Pure, so the rules are tested without a broker.
 */
final class ResumeOffsets {
  private ResumeOffsets() {}

  /** A partition's first offset the broker still holds, and the offset its next message will get. */
  record PartitionRange(long low, long high) {}

  /**
   * Where to start one partition: the stored offset; the partition's start when nothing is stored or retention removed
   * the stored offset; the start again when the stored offset is past the end ({@code pastEnd}: the topic was created
   * again or the broker's data wiped, and the stored offset must be rewound, or the new topic's first messages would
   * look applied). Starting earlier than needed is safe, since the transaction skips what MySQL has applied.
   */
  record ResumePoint(int partition, long offset, Long stored, boolean pastEnd) {}

  static ResumePoint resumePoint(int partition, Long stored, PartitionRange range) {
    boolean pastEnd = stored != null && stored > range.high();
    long offset = pastEnd || stored == null || stored < range.low() ? range.low() : stored;
    return new ResumePoint(partition, offset, stored, pastEnd);
  }

  /**
   * Why checkpointed offsets cannot be resumed from, one line per partition; none when they can. Spark would stop at
   * once on an offset retention removed (the job was stopped longer than the topic keeps posts) and would read
   * nothing, or the wrong messages, from one past the end or in a partition that no longer exists (the topic was
   * created again). A partition the checkpoint does not know is read from offset 0, which only a partition that still
   * holds offset 0 has: Spark stops on any other.
   */
  static List<String> staleCheckpointReasons(Map<Integer, Long> checkpointed, Map<Integer, PartitionRange> ranges) {
    List<String> reasons = new ArrayList<>();
    checkpointed.forEach((partition, offset) -> {
      PartitionRange range = ranges.get(partition);
      if (range == null) {
        reasons.add("partition " + partition + " no longer exists");
      } else if (offset < range.low()) {
        reasons.add("partition " + partition + ": offset " + offset + " was removed by retention (the partition starts at " + range.low() + ")");
      } else if (offset > range.high()) {
        reasons.add("partition " + partition + ": offset " + offset + " is past the partition's end (" + range.high() + ")");
      }
    });
    ranges.forEach((partition, range) -> {
      if (!checkpointed.containsKey(partition) && range.low() > 0) {
        reasons.add("partition " + partition + " is not in the checkpoint and no longer starts at offset 0 (it starts at " + range.low() + ")");
      }
    });
    return reasons;
  }
}
