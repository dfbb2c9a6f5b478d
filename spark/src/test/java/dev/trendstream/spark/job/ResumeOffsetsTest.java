package dev.trendstream.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trendstream.spark.job.ResumeOffsets.PartitionRange;
import dev.trendstream.spark.job.ResumeOffsets.ResumePoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeOffsetsTest {
  private static final PartitionRange RANGE = new PartitionRange(100, 500);

  @Test
  void resumesAtTheStoredOffsetWithinTheRange() {
    assertEquals(new ResumePoint(0, 300, 300L, false), ResumeOffsets.resumePoint(0, 300L, RANGE));
    assertEquals(new ResumePoint(0, 500, 500L, false), ResumeOffsets.resumePoint(0, 500L, RANGE));
    assertEquals(new ResumePoint(0, 100, 100L, false), ResumeOffsets.resumePoint(0, 100L, RANGE));
  }

  @Test
  void startsAtThePartitionsStartWhenNothingIsStoredOrRetentionRemovedIt() {
    assertEquals(new ResumePoint(1, 100, null, false), ResumeOffsets.resumePoint(1, null, RANGE));
    assertEquals(new ResumePoint(1, 100, 40L, false), ResumeOffsets.resumePoint(1, 40L, RANGE));
  }

  @Test
  void startsAgainAndSaysSoWhenTheStoredOffsetIsPastTheEnd() {
    ResumePoint point = ResumeOffsets.resumePoint(2, 900L, new PartitionRange(0, 20));
    assertEquals(0, point.offset());
    assertTrue(point.pastEnd());
  }

  @Test
  void acceptsACheckpointWithinEveryPartitionsRange() {
    Map<Integer, PartitionRange> ranges = Map.of(0, RANGE, 1, RANGE, 2, new PartitionRange(0, 40));
    // Partition 2 is not in the checkpoint: Spark reads it from offset 0, which it still holds.
    assertEquals(List.of(), ResumeOffsets.staleCheckpointReasons(Map.of(0, 100L, 1, 500L), ranges));
  }

  @Test
  void refusesACheckpointRetentionPassedOrFromAnEarlierTopic() {
    Map<Integer, PartitionRange> ranges = new java.util.TreeMap<>(Map.of(0, RANGE, 1, RANGE, 3, RANGE));
    List<String> reasons = ResumeOffsets.staleCheckpointReasons(new java.util.TreeMap<>(Map.of(0, 99L, 1, 501L, 2, 7L)), ranges);
    assertEquals(4, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).contains("removed by retention"), reasons.get(0));
    assertTrue(reasons.get(1).contains("past the partition's end"), reasons.get(1));
    assertTrue(reasons.get(2).contains("no longer exists"), reasons.get(2));
    assertTrue(reasons.get(3).contains("partition 3 is not in the checkpoint"), reasons.get(3));
  }

  private static final String METADATA = "{\"batchWatermarkMs\":0,\"batchTimestampMs\":1796653860268,\"conf\":{}}";

  private static void batch(Path checkpoint, String log, long id, String content) throws IOException {
    Files.writeString(Files.createDirectories(checkpoint.resolve(log)).resolve(Long.toString(id)), content, StandardCharsets.UTF_8);
  }

  @Test
  void readsWhereSparkWouldResumeAndSetsTheCheckpointAside(@TempDir Path dir) throws IOException {
    Path checkpoint = dir.resolve("trendstream.group");
    assertEquals(Optional.empty(), SparkCheckpoint.read(checkpoint, "posts"));
    batch(checkpoint, "offsets", 9, "v1\n" + METADATA + "\n{\"posts\":{\"1\":10,\"0\":12}}");
    batch(checkpoint, "offsets", 10, "v1\n" + METADATA + "\n{\"posts\":{\"1\":250,\"0\":300,\"2\":7}}");
    Files.writeString(checkpoint.resolve("offsets").resolve(".10.crc"), "x", StandardCharsets.UTF_8);
    batch(checkpoint, "commits", 9, "v1\n{\"nextBatchWatermarkMs\":0}");
    // Batch 10 is planned, not committed: Spark runs it again from batch 9's end offsets.
    assertEquals(List.of(Map.of(0, 300L, 1, 250L, 2, 7L), Map.of(0, 12L, 1, 10L)), SparkCheckpoint.read(checkpoint, "posts").orElseThrow().resumeFrom());
    batch(checkpoint, "commits", 10, "v1\n{\"nextBatchWatermarkMs\":0}");
    assertEquals(List.of(Map.of(0, 300L, 1, 250L, 2, 7L)), SparkCheckpoint.read(checkpoint, "posts").orElseThrow().resumeFrom());

    Path aside = SparkCheckpoint.setAside(checkpoint, 42);
    assertEquals("trendstream.group.stale-42", aside.getFileName().toString());
    assertFalse(Files.exists(checkpoint));
    assertTrue(Files.exists(aside.resolve("offsets").resolve("10")));
  }

  @Test
  void callsACheckpointOfAnotherTopicOrFormatUnreadable(@TempDir Path dir) throws IOException {
    Path other = dir.resolve("other-topic");
    batch(other, "offsets", 0, "v1\n" + METADATA + "\n{\"dev.posts\":{\"0\":3}}");
    assertTrue(SparkCheckpoint.read(other, "posts").orElseThrow().unreadable().contains("another topic"));
    Path newer = dir.resolve("newer-format");
    batch(newer, "offsets", 0, "v2\n" + METADATA + "\n{\"0\":{\"posts\":{\"0\":3}}}");
    assertTrue(SparkCheckpoint.read(newer, "posts").orElseThrow().unreadable().contains("not in the format"));
  }
}
