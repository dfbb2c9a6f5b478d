package dev.trendstream.spark.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Touches a file each time the streaming query shows it is alive: a micro-batch's progress, or Spark's periodic
 * idle event when there is nothing to read. A health check that asks "was the file touched lately?" so tells a
 * counting job from one whose query has hung, which an open port or a live process cannot.
 */
final class QueryHeartbeat extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(QueryHeartbeat.class);
  private final Path file;

  QueryHeartbeat(Path file) {
    this.file = file;
  }

  /** At start: a file left by a driver that was killed must not make this one look healthy before its query runs. */
  static void clear(String file) throws IOException {
    if (!file.isEmpty()) Files.deleteIfExists(Path.of(file));
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    beat();
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    beat();
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {
    beat();
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not remove the heartbeat file {}: {}", file, e.getMessage());
    }
  }

  private void beat() {
    try {
      if (Files.exists(file)) {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
      } else {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(file);
      }
    } catch (IOException e) {
      LOG.warn("could not touch the heartbeat file {}: {}", file, e.getMessage());
    }
  }
}
