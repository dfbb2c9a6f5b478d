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
    awaitSettings(config);
    SparkSession spark = SparkSession.builder().appName("trendstream-spark").master(System.getProperty("spark.master", config.master()))
        .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> posts = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", config.kafkaBrokers())
        .option("subscribe", config.postsTopic())
        .option("startingOffsets", startingOffsets(config))
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

  private static java.util.List<Integer> partitionsOf(JobConfig config) {
    java.util.Properties properties = new java.util.Properties();
    properties.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBrokers());
    properties.put(org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    properties.put(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(properties)) {
      return consumer.partitionsFor(config.postsTopic(), java.time.Duration.ofSeconds(30)).stream().map(info -> info.partition()).toList();
    }
  }

  /** The processor records the bucket size and the horizon when it starts: wait for it, saying so. */
  private static void awaitSettings(JobConfig config) throws Exception {
    long since = System.currentTimeMillis();
    while (true) {
      try (Connection connection = MysqlUrl.parse(config.mysqlUrl()).connect()) {
        CountingSettings settings = CountingSettings.read(connection);
        if (settings != null && settings.sparkCounts()) return;
        LOG.info(settings == null
            ? "waiting for the processor (COUNTING_ENGINE=spark) to prepare the database and record its counting settings"
            : "waiting: the processor on this database counts itself (COUNTING_ENGINE=" + settings.engine() + "); restart it with COUNTING_ENGINE=spark");
      } catch (SQLException e) {
        // Wrong credentials or no such database will not mend by waiting.
        if ("28000".equals(e.getSQLState()) || e.getErrorCode() == 1045 || e.getErrorCode() == 1049) {
          throw new JobStopped("MySQL refused MYSQL_URL: " + e.getMessage());
        }
        LOG.warn("MySQL at MYSQL_URL does not answer yet: {}", e.getMessage());
      }
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

  /**
   * Where a query with no checkpoint starts: the offsets MySQL holds (what is counted already, by either engine),
   * else the beginning. A checkpoint, once there, wins; the transaction skips whatever MySQL has applied anyway.
   */
  private static String startingOffsets(JobConfig config) throws Exception {
    Map<Integer, Long> next = new TreeMap<>();
    try (Connection connection = MysqlUrl.parse(config.mysqlUrl()).connect();
        PreparedStatement statement = connection.prepareStatement("SELECT partition_id, next_offset FROM partition_offsets WHERE consumer_group = ? AND topic = ?")) {
      statement.setString(1, config.consumerGroup());
      statement.setString(2, config.postsTopic());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) next.put(rows.getInt(1), rows.getLong(2));
      }
    }
    if (next.isEmpty()) return "earliest";
    // Spark wants every partition named: those MySQL has not seen start at the beginning (-2).
    for (int partition : partitionsOf(config)) next.putIfAbsent(partition, -2L);
    StringBuilder json = new StringBuilder("{\"").append(config.postsTopic()).append("\":{");
    next.forEach((partition, offset) -> json.append('"').append(partition).append("\":").append(offset).append(','));
    json.setLength(json.length() - 1);
    return json.append("}}").toString();
  }
}
