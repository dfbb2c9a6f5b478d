package dev.trendstream.spark.counting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trendstream.spark.counting.CountingTypes.CountablePost;
import dev.trendstream.spark.counting.CountingTypes.DeadMessage;
import dev.trendstream.spark.counting.CountingTypes.DeleteMessage;
import dev.trendstream.spark.counting.CountingTypes.EditMessage;
import dev.trendstream.spark.counting.CountingTypes.MemoryKind;
import dev.trendstream.spark.counting.CountingTypes.PartitionState;
import dev.trendstream.spark.counting.CountingTypes.PendingMessage;
import dev.trendstream.spark.counting.CountingTypes.PostMessage;
import dev.trendstream.spark.counting.CountingTypes.RememberedPost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The JSON form of batches and their results that the parity tests (spark/test) exchange with the engine's classes. */
final class BatchJson {
  private BatchJson() {}

  static List<PendingMessage> messages(JsonNode nodes) {
    List<PendingMessage> messages = new ArrayList<>();
    for (JsonNode node : nodes) {
      int partition = node.path("partition").asInt();
      long offset = node.path("offset").asLong();
      switch (node.path("kind").asText()) {
        case "post" -> messages.add(new PostMessage(partition, offset, post(node.path("post"))));
        case "edit" -> messages.add(new EditMessage(partition, offset, post(node.path("post"))));
        case "delete" -> messages.add(new DeleteMessage(partition, offset, node.path("uriHash").asText(), node.path("receivedAt").asLong()));
        case "dead" -> messages.add(new DeadMessage(partition, offset, node.path("code").asText(), node.path("reason").asText()));
        default -> throw new IllegalArgumentException("unknown message kind " + node.path("kind"));
      }
    }
    return messages;
  }

  static CountablePost post(JsonNode node) {
    return new CountablePost(
        node.path("uriHash").asText(),
        node.path("createdAt").asLong(),
        node.path("receivedAt").asLong(),
        node.path("language").isNull() ? null : node.path("language").asText(),
        node.path("isBoost").asBoolean(),
        strings(node.path("hashtags")),
        strings(node.path("tokens")));
  }

  static Map<Integer, PartitionState> states(JsonNode nodes) {
    Map<Integer, PartitionState> states = new HashMap<>();
    for (JsonNode entry : nodes) {
      JsonNode state = entry.get(1);
      states.put(entry.get(0).asInt(), new PartitionState(
          state.path("nextOffset").asLong(), nullableLong(state.path("maxEventTime")), nullableLong(state.path("lastAdvanceAt")), state.path("latePosts").asLong()));
    }
    return states;
  }

  static Map<String, RememberedPost> memory(JsonNode nodes) {
    Map<String, RememberedPost> memory = new HashMap<>();
    for (JsonNode node : nodes) {
      MemoryKind kind = MemoryKind.valueOf(node.path("kind").asText().toUpperCase(Locale.ROOT));
      memory.put(node.path("uriHash").asText(), new RememberedPost(
          node.path("uriHash").asText(), node.path("eventTime").asLong(), kind, node.path("lang").asText(), strings(node.path("scopes")), strings(node.path("tokens"))));
    }
    return memory;
  }

  static BatchAggregator.Options options(JsonNode node) {
    Set<String> followed = new HashSet<>(strings(node.path("followed")));
    return new BatchAggregator.Options(node.path("bucketMs").asLong(), node.path("horizonMs").asLong(), followed, node.path("now").asLong());
  }

  static Long nullableLong(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : node.asLong();
  }

  static List<String> strings(JsonNode nodes) {
    List<String> values = new ArrayList<>();
    for (JsonNode node : nodes) values.add(node.asText());
    return values;
  }

  static Map<String, Object> toJson(BatchAggregator.Result result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("wordCounts", result.wordCounts());
    out.put("postCounts", result.postCounts());
    List<Map<String, Object>> remembered = new ArrayList<>();
    for (RememberedPost entry : result.remembered()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("uriHash", entry.uriHash());
      item.put("eventTime", entry.eventTime());
      item.put("kind", entry.kind().name().toLowerCase(Locale.ROOT));
      item.put("lang", entry.lang());
      item.put("scopes", entry.scopes());
      item.put("tokens", entry.tokens());
      remembered.add(item);
    }
    out.put("remembered", remembered);
    List<Map<String, Object>> dead = new ArrayList<>();
    for (DeadMessage message : result.deadLetters()) dead.add(Map.of("partition", message.partition(), "offset", message.offset(), "code", message.code()));
    out.put("deadLetters", dead);
    List<List<Object>> states = new ArrayList<>();
    result.states().forEach((partition, state) -> {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("nextOffset", state.nextOffset);
      value.put("maxEventTime", state.maxEventTime);
      value.put("lastAdvanceAt", state.lastAdvanceAt);
      value.put("latePosts", state.latePosts);
      states.add(List.of(partition, value));
    });
    out.put("states", states);
    out.put("stats", result.stats());
    return out;
  }
}
