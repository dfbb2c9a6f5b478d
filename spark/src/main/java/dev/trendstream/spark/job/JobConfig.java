package dev.trendstream.spark.job;

import dev.trendstream.spark.db.MysqlUrl;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Spark engine's configuration, from the environment like every Trendstream app's, read and checked once at
 * start: a bad value stops the job with one line that says what is wrong.
 */
public record JobConfig(
    String kafkaBrokers,
    String topicPrefix,
    String mysqlUrl,
    String consumerGroup,
    String master,
    String checkpointDir,
    long triggerMs,
    long maxOffsetsPerTrigger,
    String heartbeatFile) implements Serializable {

  public String postsTopic() {
    return topicPrefix + "posts";
  }

  public String deadLetterTopic() {
    return topicPrefix + "posts.dlq";
  }

  public String hashtagsTopic() {
    return topicPrefix + "hashtags";
  }

  public static JobConfig fromEnvironment(Map<String, String> env) {
    String prefix = value(env, "TOPIC_PREFIX", "");
    String mysqlUrl = value(env, "MYSQL_URL", "mysql://root@127.0.0.1:3306/trendstream");
    MysqlUrl.parse(mysqlUrl);
    return new JobConfig(
        value(env, "KAFKA_BROKERS", "127.0.0.1:9092"),
        prefix,
        mysqlUrl,
        // The processor's group by default: offsets, watermarks and lag live under one name whichever engine counts,
        // so switching engines neither loses nor repeats a post.
        groupOf(env, prefix),
        // Two threads, and a failed task tried again up to 4 times (a MySQL restart, a deadlock past its retries).
        value(env, "SPARK_MASTER", "local[2,4]"),
        // Spark's checkpoint outranks MySQL's offsets once it exists: one per database and group, so pointing the job
        // at another database never resumes from this one's position.
        value(env, "SPARK_CHECKPOINT_DIR", Path.of(".cache", "spark", "checkpoints", MysqlUrl.parse(mysqlUrl).database() + "." + groupOf(env, prefix)).toAbsolutePath().toString()),
        positive(env, "SPARK_TRIGGER_MS", 1_000, 3_600_000),
        positive(env, "SPARK_MAX_OFFSETS_PER_TRIGGER", 200_000, 100_000_000),
        // A container's health check: touched whenever the query reports progress, or idleness with nothing to read.
        value(env, "SPARK_HEARTBEAT_FILE", ""));
  }

  private static String groupOf(Map<String, String> env, String prefix) {
    return value(env, "CONSUMER_GROUP", prefix + "trendstream-processor");
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static long positive(Map<String, String> env, String name, long fallback, long max) {
    String text = value(env, name, String.valueOf(fallback));
    try {
      long value = Long.parseLong(text);
      if (value >= 1 && value <= max) return value;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + "=" + text + " is not a whole number from 1 to " + max);
  }
}
