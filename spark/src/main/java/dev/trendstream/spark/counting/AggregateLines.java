package dev.trendstream.spark.counting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * Reads one batch per JSON line on stdin ({@code messages}, stored {@code states} and {@code memory},
 * {@code options}) and writes what {@link BatchAggregator} makes of it: how the aggregation parity test
 * (spark/test) holds the Spark engine's counting to the processor's aggregate-batch.ts.
 */
public final class AggregateLines {
  private AggregateLines() {}

  public static void main(String[] args) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode batch = json.readTree(line);
        BatchAggregator.Result result = BatchAggregator.aggregate(BatchJson.messages(batch.path("messages")), BatchJson.states(batch.path("states")), BatchJson.memory(batch.path("memory")), BatchJson.options(batch.path("options")));
        out.write(json.writeValueAsString(BatchJson.toJson(result)));
        out.write('\n');
      }
    }
  }

}
