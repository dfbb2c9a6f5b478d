package dev.trendstream.spark.job;

import dev.trendstream.spark.db.MysqlUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark engine: Structured Streaming over the {@code posts} topic, each micro-batch counted per Kafka partition
 * by {@link PartitionCounter} in the processor's exactly-once transaction (docs/engines.md). The processor, started
 * with COUNTING_ENGINE=spark on the same database, serves what it writes. SIGTERM stops the query: a micro-batch in
 * flight rolls back in MySQL and runs again at the next start.
 */
public final class StreamingJob {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);

  private StreamingJob() {}

  /** A problem the person running the job must fix: said in one line, without a stack trace. */
  static final class JobStopped extends RuntimeException {
    JobStopped(String message) {
      super(message);
    }
  }

  public static void main(String[] args) throws Exception {
    try {
      run(JobConfig.fromEnvironment(System.getenv()));
    } catch (IllegalArgumentException | JobStopped e) {
      System.err.println("trendstream-spark: " + e.getMessage());
      System.exit(2);
    } catch (org.apache.spark.sql.streaming.StreamingQueryException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof JobStopped)) cause = cause.getCause();
      if (!(cause instanceof JobStopped)) throw e;
      System.err.println("trendstream-spark: " + cause.getMessage());
      System.exit(2);
    }
  }

  private static void run(JobConfig config) throws Exception {
    QueryHeartbeat.clear(config.heartbeatFile());
    requireIcuOfTheProcessor();
    awaitSettings(config);
    Map<Integer, ResumeOffsets.PartitionRange> ranges = topicRanges(config);
    Map<Integer, Long> stored = storedOffsets(config);
    boolean storedPastEnd = stored.entrySet().stream().anyMatch(entry -> ranges.containsKey(entry.getKey()) && entry.getValue() > ranges.get(entry.getKey()).high());
    setAsideUnusableCheckpoint(config, ranges, storedPastEnd);
    String startingOffsets = startingOffsets(config, ranges, stored);
    SparkSession spark = SparkSession.builder().appName("trendstream-spark").master(System.getProperty("spark.master", config.master()))
        .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    // Spark's own chatter stops at warnings; the job's lines (what it counts, where it waits) stay.
    org.apache.logging.log4j.core.config.Configurator.setLevel("dev.trendstream", org.apache.logging.log4j.Level.INFO);
    Dataset<Row> posts = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", config.kafkaBrokers())
        .option("subscribe", config.postsTopic())
        .option("startingOffsets", startingOffsets)
        .option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger())
        .load()
        .selectExpr("partition", "offset", "key", "value");
    VoidFunction2<Dataset<Row>, Long> countBatch = (batch, batchId) -> {
      // Read for every micro-batch: a processor restarted with other BUCKET_SECONDS or WINDOWS, or told to count
      // itself, is followed at once.
      CountingSettings settings = currentSettings(config);
      var followed = FollowedHashtags.read(config.kafkaBrokers(), config.hashtagsTopic());
      batch.foreachPartition(new PartitionCounter(config, settings, followed));
    };
    if (!config.heartbeatFile().isEmpty()) spark.streams().addListener(new QueryHeartbeat(java.nio.file.Path.of(config.heartbeatFile())));
    StreamingQuery query = posts.writeStream().queryName("trendstream-counting").foreachBatch(countBatch)
        .option("checkpointLocation", config.checkpointDir())
        .trigger(Trigger.ProcessingTime(config.triggerMs(), TimeUnit.MILLISECONDS))
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        query.stop();
        spark.stop();
      } catch (Exception e) {
        LOG.warn("stopping the query failed", e);
      }
    }, "trendstream-spark-stop"));
    LOG.info("counting {} into {} as {} (checkpoints in {})", config.postsTopic(), MysqlUrl.parse(config.mysqlUrl()).database(), config.consumerGroup(), config.checkpointDir());
    query.awaitTermination();
  }

  /** Each partition's range on the broker; the topic must exist (the processor creates it when it starts). */
  private static Map<Integer, ResumeOffsets.PartitionRange> topicRanges(JobConfig config) {
    java.util.Properties properties = new java.util.Properties();
    properties.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBrokers());
    properties.put(org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    properties.put(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(properties)) {
      var infos = consumer.partitionsFor(config.postsTopic(), java.time.Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new JobStopped("the topic " + config.postsTopic() + " does not exist on " + config.kafkaBrokers() + ": start the processor (it creates the topics), or check KAFKA_BROKERS and TOPIC_PREFIX");
      }
      var partitions = infos.stream().map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition())).toList();
      var low = consumer.beginningOffsets(partitions, java.time.Duration.ofSeconds(30));
      var high = consumer.endOffsets(partitions, java.time.Duration.ofSeconds(30));
      Map<Integer, ResumeOffsets.PartitionRange> ranges = new TreeMap<>();
      for (var partition : partitions) ranges.put(partition.partition(), new ResumeOffsets.PartitionRange(low.get(partition), high.get(partition)));
      return ranges;
    }
  }

  /**
   * A checkpoint Spark could not resume from (retention removed its offsets while the job was stopped, or the topic was
   * created again) is set aside, so the query starts from MySQL's offsets instead of stopping at every start, or
   * reading the new topic from the old one's position. Only a local checkpoint directory is checked.
   */
  private static void setAsideUnusableCheckpoint(JobConfig config, Map<Integer, ResumeOffsets.PartitionRange> ranges, boolean storedPastEnd) throws java.io.IOException {
    if (config.checkpointDir().matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !config.checkpointDir().startsWith("file://")) {
      LOG.info("the checkpoint on {} is resumed from as Spark finds it: only a local checkpoint's offsets are checked against the topic at start", config.checkpointDir());
      return;
    }
    java.nio.file.Path checkpoint = java.nio.file.Path.of(config.checkpointDir().replaceFirst("^file://", ""));
    var offsets = SparkCheckpoint.read(checkpoint, config.postsTopic());
    if (offsets.isEmpty()) return;
    java.util.List<String> reasons = new java.util.ArrayList<>();
    if (offsets.get().unreadable() != null) reasons.add(offsets.get().unreadable());
    for (var resumeFrom : offsets.get().resumeFrom()) {
      for (String reason : ResumeOffsets.staleCheckpointReasons(resumeFrom, ranges)) if (!reasons.contains(reason)) reasons.add(reason);
    }
    if (storedPastEnd) reasons.add("the offsets MySQL holds lie past the topic's end: the topic was created again");
    if (reasons.isEmpty()) {
      LOG.info("resuming from the checkpoint in {}", checkpoint);
      return;
    }
    var aside = SparkCheckpoint.setAside(checkpoint, System.currentTimeMillis());
    LOG.warn("the checkpoint cannot be resumed from ({}): moved to {}; starting from the offsets MySQL holds", String.join("; ", reasons), aside);
  }

  /**
   * The ICU major version of the Node.js releases the processor runs on (spark/pom.xml says why): word segmentation
   * and the Unicode properties of the text rules come from ICU, and on a Spark cluster from the cluster's own ICU4J
   * (Spark 4.2.0 brings 78.3), which loads before the job's.
   */
  static final int PROCESSOR_ICU_MAJOR = 78;

  private static void requireIcuOfTheProcessor() {
    var icu = com.ibm.icu.util.VersionInfo.ICU_VERSION;
    if (icu.getMajor() != PROCESSOR_ICU_MAJOR) {
      throw new JobStopped("this Spark brings ICU " + icu + ", the processor's Node.js ICU " + PROCESSOR_ICU_MAJOR
          + ": the engines would cut some posts into different words. Run the job on Spark 4.2.0, whose ICU4J is " + PROCESSOR_ICU_MAJOR + ".x");
    }
  }

  /** The processor records the bucket size and the horizon when it starts: wait for it, saying so. */
  private static void awaitSettings(JobConfig config) throws Exception {
    long since = System.currentTimeMillis();
    String said = null;
    while (true) {
      String waitingFor;
      try (Connection connection = MysqlUrl.parse(config.mysqlUrl()).connect()) {
        CountingSettings settings = CountingSettings.read(connection);
        if (settings != null && settings.sparkCounts()) return;
        waitingFor = settings == null
            ? "waiting for the processor (COUNTING_ENGINE=spark) to prepare the database and record its counting settings"
            : "waiting: the processor on this database counts itself (COUNTING_ENGINE=" + settings.engine() + "); restart it with COUNTING_ENGINE=spark";
      } catch (SQLException e) {
        // Wrong credentials or no such database will not mend by waiting.
        if ("28000".equals(e.getSQLState()) || e.getErrorCode() == 1045 || e.getErrorCode() == 1049) {
          throw new JobStopped("MySQL refused MYSQL_URL: " + e.getMessage());
        }
        waitingFor = "waiting for MySQL at MYSQL_URL, which does not answer yet: " + e.getMessage();
      }
      // Said once per change of reason, not every two seconds.
      if (!waitingFor.equals(said)) LOG.info(waitingFor);
      said = waitingFor;
      if (System.currentTimeMillis() - since > 600_000) {
        throw new JobStopped("no processor with COUNTING_ENGINE=spark has recorded its counting settings on MYSQL_URL in 10 minutes");
      }
      Thread.sleep(2_000);
    }
  }

  private static CountingSettings currentSettings(JobConfig config) throws SQLException {
    try (Connection connection = MysqlUrl.parse(config.mysqlUrl()).connect()) {
      CountingSettings settings = CountingSettings.read(connection);
      if (settings == null || !settings.sparkCounts()) {
        throw new JobStopped("the processor on this database now counts itself (COUNTING_ENGINE is not spark): stopping, so that no post counts twice");
      }
      return settings;
    }
  }

  /** What MySQL records as counted, partition by partition, under this group and topic. */
  private static Map<Integer, Long> storedOffsets(JobConfig config) throws SQLException {
    Map<Integer, Long> stored = new TreeMap<>();
    try (Connection connection = MysqlUrl.parse(config.mysqlUrl()).connect();
        PreparedStatement statement = connection.prepareStatement("SELECT partition_id, next_offset FROM partition_offsets WHERE consumer_group = ? AND topic = ?")) {
      statement.setString(1, config.consumerGroup());
      statement.setString(2, config.postsTopic());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) stored.put(rows.getInt(1), rows.getLong(2));
      }
    }
    return stored;
  }

  /**
   * Where a query with no checkpoint starts: the offsets MySQL holds (what is counted already, by either engine),
   * clamped to what the broker still has as the processor clamps them, else the beginning. A checkpoint, once there,
   * wins; the transaction skips whatever MySQL has applied anyway.
   */
  private static String startingOffsets(JobConfig config, Map<Integer, ResumeOffsets.PartitionRange> ranges, Map<Integer, Long> stored) throws Exception {
    if (stored.isEmpty()) return "earliest";
    Map<Integer, Long> start = new TreeMap<>();
    try (Connection connection = MysqlUrl.parse(config.mysqlUrl()).connect()) {
      for (var entry : ranges.entrySet()) {
        var point = ResumeOffsets.resumePoint(entry.getKey(), stored.get(entry.getKey()), entry.getValue());
        if (point.pastEnd()) rewindPastEnd(connection, config, point, entry.getValue().high());
        start.put(point.partition(), point.offset());
      }
    }
    LOG.info("starting from the offsets MySQL holds, within what the broker keeps: {}", start);
    StringBuilder json = new StringBuilder("{\"").append(config.postsTopic()).append("\":{");
    start.forEach((partition, offset) -> json.append('"').append(partition).append("\":").append(offset).append(','));
    json.setLength(json.length() - 1);
    return json.append("}}").toString();
  }

  /** As the processor does: otherwise the new topic's first messages would look applied and be skipped. */
  private static void rewindPastEnd(Connection connection, JobConfig config, ResumeOffsets.ResumePoint point, long end) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "UPDATE partition_offsets SET next_offset = ? WHERE consumer_group = ? AND topic = ? AND partition_id = ? AND next_offset > ?")) {
      statement.setLong(1, point.offset());
      statement.setString(2, config.consumerGroup());
      statement.setString(3, config.postsTopic());
      statement.setInt(4, point.partition());
      statement.setLong(5, end);
      if (statement.executeUpdate() > 0) {
        LOG.warn("the offset stored in MySQL for {} partition {} ({}) is past the end of the partition ({}): the topic was created again or the broker's data was wiped; counting the partition from its start",
            config.postsTopic(), point.partition(), point.stored(), end);
      }
    }
  }
}
