package dev.trendstream.spark.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The followed hashtags, read from the compacted {@code hashtags} topic to its end (key = the tag, value =
 * {@code {"tag", "followedAt"}}, no value = unfollowed), as the processor's reader does: a post also counts under
 * each followed hashtag it carries. Read by the driver before each micro-batch.
 */
final class FollowedHashtags {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FollowedHashtags() {}

  static Set<String> read(String brokers, String topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Map<String, Boolean> followed = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) return Set.of();
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : infos) partitions.add(new TopicPartition(topic, info.partition()));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.key() == null) continue;
          if (record.value() == null) {
            followed.remove(record.key());
          } else if (isValidRecord(record.key(), record.value())) {
            followed.put(record.key(), true);
          }
        }
      }
    }
    return new HashSet<>(followed.keySet());
  }

  /**
   * The processor's rules for a record (followed-hashtags.ts): the key is a normalized hashtag with a letter, of at
   * most 100 characters, and the value names it and says when it was followed. Anything else is ignored.
   */
  private static boolean isValidRecord(String key, String value) {
    if (key.isEmpty() || key.length() > MAX_HASHTAG_LENGTH || !key.equals(HASHTAGS.normalize(key)) || !HAS_LETTER.matcher(key).find()) return false;
    try {
      JsonNode json = JSON.readTree(value);
      if (!json.path("tag").isTextual() || !key.equals(json.path("tag").asText()) || !json.path("followedAt").isTextual()) return false;
      java.time.OffsetDateTime.parse(json.path("followedAt").asText());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static final int MAX_HASHTAG_LENGTH = 100;
  private static final dev.trendstream.spark.text.Hashtags HASHTAGS = new dev.trendstream.spark.text.Hashtags(dev.trendstream.spark.text.TextRules.load());
  private static final java.util.regex.Pattern HAS_LETTER = java.util.regex.Pattern.compile("\\p{L}");
}
