package dev.trendstream.spark.counting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trendstream.spark.counting.CountingTypes.DeleteMessage;
import dev.trendstream.spark.counting.CountingTypes.EditMessage;
import dev.trendstream.spark.counting.CountingTypes.PendingMessage;
import dev.trendstream.spark.counting.CountingTypes.PostMessage;
import dev.trendstream.spark.db.MysqlUrl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ApplyBatchLines MYSQL_URL GROUP TOPIC}: applies one batch per JSON line on stdin (as AggregateLines reads
 * them, without stored states or memory: those come from MySQL) in its own counting transaction. How the
 * count store parity test (spark/test) holds the Spark engine's writes to the processor's.
 */
public final class ApplyBatchLines {
  private ApplyBatchLines() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ApplyBatchLines MYSQL_URL CONSUMER_GROUP TOPIC < batches.jsonl");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    CountStore.OffsetKey key = new CountStore.OffsetKey(args[1], args[2]);
    try (Connection connection = MysqlUrl.parse(args[0]).connect();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode batch = json.readTree(line);
        List<PendingMessage> messages = BatchJson.messages(batch.path("messages"));
        BatchAggregator.Options options = BatchJson.options(batch.path("options"));
        Set<Integer> partitions = new LinkedHashSet<>();
        Set<String> identities = new LinkedHashSet<>();
        for (PendingMessage message : messages) {
          partitions.add(message.partition());
          if (message instanceof PostMessage post) identities.add(post.post().uriHash());
          else if (message instanceof EditMessage edit) identities.add(edit.post().uriHash());
          else if (message instanceof DeleteMessage delete) identities.add(delete.uriHash());
        }
        CountStore.applyBatch(connection, key, partitions, identities, (states, memory) -> BatchAggregator.aggregate(messages, states, memory, options), options.now());
      }
    }
  }
}
