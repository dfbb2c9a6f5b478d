package dev.trendstream.spark.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads JSON lines {@code {"text": …, "language": …|null, "hashtags": […]}} on stdin and writes, for each, the
 * sorted JSON array of its tokens: how the tokenizer parity test (spark/test) puts both engines side by side.
 */
public final class TokenizeLines {
  private TokenizeLines() {}

  public static void main(String[] args) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Tokenizer tokenizer = new Tokenizer(TextRules.load());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode post = json.readTree(line);
        List<String> hashtags = new ArrayList<>();
        for (JsonNode tag : post.path("hashtags")) hashtags.add(tag.asText());
        JsonNode language = post.get("language");
        List<String> tokens = tokenizer.tokenize(post.required("text").asText(), language == null || language.isNull() ? null : language.asText(), hashtags);
        Collections.sort(tokens);
        out.write(json.writeValueAsString(tokens));
        out.write('\n');
      }
    }
  }
}
