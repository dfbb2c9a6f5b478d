package dev.trendstream.spark.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Kafka offsets a Structured Streaming checkpoint would resume from: the newest file of its offset log
 * ({@code offsets/<batch id>}: a version line, the batch's metadata, then one line per source, the Kafka source's
 * being {@code {"topic":{"partition":offset,...}}}).
 */
final class SparkCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkCheckpoint() {}

  /** Empty when there is no checkpoint yet, or its log holds no batch. */
  static Optional<Map<Integer, Long>> latestOffsets(Path checkpoint, String topic) throws IOException {
    Path log = checkpoint.resolve("offsets");
    if (!Files.isDirectory(log)) return Optional.empty();
    Optional<Path> newest;
    try (Stream<Path> files = Files.list(log)) {
      newest = files.filter(file -> file.getFileName().toString().matches("\\d+"))
          .max((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()), Long.parseLong(b.getFileName().toString())));
    }
    if (newest.isEmpty()) return Optional.empty();
    List<String> lines = Files.readAllLines(newest.get(), StandardCharsets.UTF_8);
    if (lines.size() < 3 || !lines.get(0).startsWith("v")) {
      throw new IOException("unexpected Spark offset log file " + newest.get());
    }
    JsonNode partitions = JSON.readTree(lines.get(2)).get(topic);
    Map<Integer, Long> offsets = new TreeMap<>();
    if (partitions != null) partitions.fields().forEachRemaining(entry -> offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong()));
    return Optional.of(offsets);
  }

  /** Moves a checkpoint out of the way (kept beside it, for a look), so that the query starts a new one. */
  static Path setAside(Path checkpoint, long now) throws IOException {
    Path aside = checkpoint.resolveSibling(checkpoint.getFileName() + ".stale-" + now);
    Files.move(checkpoint, aside);
    return aside;
  }
}
