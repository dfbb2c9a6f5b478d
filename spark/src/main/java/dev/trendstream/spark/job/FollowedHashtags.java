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
          } else if (namesItsKey(record.key(), record.value())) {
            followed.put(record.key(), true);
          }
        }
      }
    }
    return new HashSet<>(followed.keySet());
  }

  private static boolean namesItsKey(String key, String value) {
    try {
      JsonNode json = JSON.readTree(value);
      return key.equals(json.path("tag").asText(null));
    } catch (Exception e) {
      return false;
    }
  }
}
