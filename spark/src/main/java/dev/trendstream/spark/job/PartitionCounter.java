package dev.trendstream.spark.job;

import dev.trendstream.spark.counting.BatchAggregator;
import dev.trendstream.spark.counting.CountStore;
import dev.trendstream.spark.counting.CountingTypes.CountablePost;
import dev.trendstream.spark.counting.CountingTypes.DeadMessage;
import dev.trendstream.spark.counting.CountingTypes.DeleteMessage;
import dev.trendstream.spark.counting.CountingTypes.EditMessage;
import dev.trendstream.spark.counting.CountingTypes.PendingMessage;
import dev.trendstream.spark.counting.CountingTypes.PostMessage;
import dev.trendstream.spark.db.MysqlUrl;
import dev.trendstream.spark.posts.PostsTopicDecoder;
import dev.trendstream.spark.text.TextRules;
import dev.trendstream.spark.text.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;

/**
 * One task of a micro-batch: the rows of one Kafka partition's offset range, in offset order. Exactly-once rests on
 * that: one task per partition and micro-batch (the job sets neither minPartitions nor maxRecordsPerPartition, which
 * would split a range into tasks that could commit out of order and skip an earlier part as applied). Decodes and
 * tokenizes them as the processor does (a message that cannot be read becomes a dead letter, copied to the
 * dead-letter topic), then applies them in one counting transaction, the processor's: a replayed micro-batch finds
 * its offsets applied and changes nothing. Runs on the executors, so the work spreads over partitions.
 */
final class PartitionCounter implements ForeachPartitionFunction<Row> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_ATTEMPTS = 5;
  private static final String DEADLOCK = "40001";

  private static PostsTopicDecoder decoder;
  private static final ThreadLocal<Tokenizer> TOKENIZER = ThreadLocal.withInitial(() -> new Tokenizer(TextRules.load()));
  private static KafkaProducer<byte[], byte[]> deadLetterProducer;

  private final JobConfig config;
  private final CountingSettings settings;
  private final Set<String> followed;

  PartitionCounter(JobConfig config, CountingSettings settings, Set<String> followed) {
    this.config = config;
    this.settings = settings;
    this.followed = followed;
  }

  @Override
  public void call(java.util.Iterator<Row> rows) throws Exception {
    List<PendingMessage> messages = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    Set<Integer> partitions = new LinkedHashSet<>();
    Set<String> identities = new LinkedHashSet<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      int partition = row.getInt(0);
      long offset = row.getLong(1);
      byte[] key = row.isNullAt(2) ? null : (byte[]) row.get(2);
      byte[] value = row.isNullAt(3) ? null : (byte[]) row.get(3);
      PendingMessage message = toPending(partition, offset, value);
      partitions.add(partition);
      if (message instanceof DeadMessage dead) {
        // The processor's headers (dead-letters.ts): where the message came from and why it could not be read.
        ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(config.deadLetterTopic(), key, value);
        copy.headers().add("trendstream-source", (config.postsTopic() + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
        copy.headers().add("trendstream-error", (dead.code() + ": " + dead.reason()).getBytes(StandardCharsets.UTF_8));
        deadLetters.add(copy);
      } else {
        identities.add(identityOf(message));
      }
      messages.add(message);
    }
    if (messages.isEmpty()) return;
    if (!deadLetters.isEmpty()) copyDeadLetters(deadLetters);
    CountStore.OffsetKey offsetKey = new CountStore.OffsetKey(config.consumerGroup(), config.postsTopic());
    try (Connection connection = MysqlUrl.parse(config.mysqlUrl()).connect()) {
      for (int attempt = 1; ; attempt++) {
        long now = System.currentTimeMillis();
        BatchAggregator.Options options = new BatchAggregator.Options(settings.bucketMs(), settings.horizonMs(), followed, now);
        try {
          CountStore.applyBatch(connection, offsetKey, partitions, identities, (states, memory) -> BatchAggregator.aggregate(messages, states, memory, options), now);
          return;
        } catch (SQLException e) {
          boolean conflict = DEADLOCK.equals(e.getSQLState()) || e.getErrorCode() == 1205 || e.getErrorCode() == 1213;
          if (!conflict || attempt >= MAX_ATTEMPTS) throw e;
        }
      }
    }
  }

  private static PendingMessage toPending(int partition, long offset, byte[] value) {
    PostsTopicDecoder.Decoded decoded;
    try {
      decoded = decoder().decode(value);
    } catch (PostsTopicDecoder.DecodeException e) {
      return new DeadMessage(partition, offset, e.code(), e.getMessage());
    }
    GenericRecord record = decoded.value();
    return switch (decoded.kind()) {
      case POST -> new PostMessage(partition, offset, countable(record));
      case UPDATED -> new EditMessage(partition, offset, countable((GenericRecord) record.get("post")));
      case DELETED -> new DeleteMessage(partition, offset, uriHash(record.get("uri").toString()), (Long) record.get("receivedAt"));
    };
  }

  /** As the processor's to-pending.ts: the spoiler before the text; boosts are not worth tokenizing. */
  private static CountablePost countable(GenericRecord post) {
    String text = post.get("text").toString();
    String spoiler = post.get("spoilerText").toString();
    Object languageValue = post.get("language");
    String language = languageValue == null ? null : languageValue.toString();
    List<String> hashtags = new ArrayList<>();
    for (Object tag : (List<?>) post.get("hashtags")) hashtags.add(tag.toString());
    boolean isBoost = (Boolean) post.get("isBoost");
    List<String> tokens = isBoost ? List.of() : TOKENIZER.get().tokenize(spoiler.isEmpty() ? text : spoiler + "\n" + text, language, hashtags);
    return new CountablePost(uriHash(post.get("uri").toString()), (Long) post.get("createdAt"), (Long) post.get("receivedAt"), language, isBoost, hashtags, tokens);
  }

  private static String identityOf(PendingMessage message) {
    if (message instanceof PostMessage post) return post.post().uriHash();
    if (message instanceof EditMessage edit) return edit.post().uriHash();
    return ((DeleteMessage) message).uriHash();
  }

  /** MD5 of the URI's UTF-8, in hex: the processor's identity of a post. */
  static String uriHash(String uri) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(uri.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized PostsTopicDecoder decoder() {
    if (decoder == null) decoder = PostsTopicDecoder.load();
    return decoder;
  }

  private void copyDeadLetters(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    KafkaProducer<byte[], byte[]> producer;
    synchronized (PartitionCounter.class) {
      if (deadLetterProducer == null) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBrokers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        deadLetterProducer = new KafkaProducer<>(properties);
      }
      producer = deadLetterProducer;
    }
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : records) sent.add(producer.send(record));
    for (java.util.concurrent.Future<?> future : sent) future.get();
  }
}
