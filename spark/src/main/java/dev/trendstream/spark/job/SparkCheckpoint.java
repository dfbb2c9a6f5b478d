package dev.trendstream.spark.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Kafka offsets a Structured Streaming checkpoint (a local directory) would resume from. Its offset log
 * ({@code offsets/<batch id>}, format {@code v1}: a version line, the batch's metadata, then one line per source, the
 * Kafka source's being {@code {"topic":{"partition":offset,...}}}) holds each planned batch's end offsets, and its
 * commit log ({@code commits/<batch id>}) the batches done. On restart Spark runs the newest planned batch again if it
 * was not committed, from the end offsets of the newest committed one: both must still be readable.
 */
final class SparkCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkCheckpoint() {}

  /** What Spark would read a checkpoint's offsets as; {@code unreadable} says why it cannot be resumed from as is. */
  record Offsets(List<Map<Integer, Long>> resumeFrom, String unreadable) {}

  /** Empty when there is no checkpoint yet, or its log holds no batch. */
  static Optional<Offsets> read(Path checkpoint, String topic) throws IOException {
    OptionalLong planned = newestBatch(checkpoint.resolve("offsets"));
    if (planned.isEmpty()) return Optional.empty();
    List<Long> batches = new ArrayList<>(List.of(planned.getAsLong()));
    OptionalLong committed = newestBatch(checkpoint.resolve("commits"));
    if (committed.isPresent() && committed.getAsLong() != planned.getAsLong()) batches.add(committed.getAsLong());
    List<Map<Integer, Long>> offsets = new ArrayList<>();
    for (long batch : batches) {
      Path file = checkpoint.resolve("offsets").resolve(Long.toString(batch));
      if (!Files.exists(file)) return Optional.of(new Offsets(List.of(), "its offset log has no batch " + batch));
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() < 3 || !lines.get(0).equals("v1")) {
        return Optional.of(new Offsets(List.of(), "its offset log " + file + " is not in the format this job reads (v1, one source)"));
      }
      JsonNode partitions = JSON.readTree(lines.get(2)).get(topic);
      if (partitions == null || !partitions.isObject()) {
        return Optional.of(new Offsets(List.of(), "it was written for another topic than " + topic));
      }
      Map<Integer, Long> byPartition = new TreeMap<>();
      partitions.fields().forEachRemaining(entry -> byPartition.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong()));
      offsets.add(byPartition);
    }
    return Optional.of(new Offsets(offsets, null));
  }

  private static OptionalLong newestBatch(Path log) throws IOException {
    if (!Files.isDirectory(log)) return OptionalLong.empty();
    try (Stream<Path> files = Files.list(log)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("\\d+")).mapToLong(Long::parseLong).max();
    }
  }

  /** Moves a checkpoint out of the way (kept beside it, for a look), so that the query starts a new one. */
  static Path setAside(Path checkpoint, long now) throws IOException {
    Path aside = checkpoint.resolveSibling(checkpoint.getFileName() + ".stale-" + now);
    Files.move(checkpoint, aside);
    return aside;
  }
}
