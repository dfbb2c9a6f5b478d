package dev.trendstream.spark.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * text-rules.json, the text rules the TypeScript processor reads too (packages/contracts/src/text-rules.json,
 * put on the classpath by the build), with its patterns compiled by {@link JsRegex}.
 */
public final class TextRules {
  private static final ObjectMapper JSON = new ObjectMapper();

  final int maxTokenLength;
  final int segmentChunkLength;
  final String stopwordFallbackLanguage;
  final Map<String, String> hashtagSpecialFolds = new HashMap<>();
  private final JsonNode patterns;

  private TextRules(JsonNode root) {
    maxTokenLength = root.required("maxTokenLength").asInt();
    segmentChunkLength = root.required("segmentChunkLength").asInt();
    stopwordFallbackLanguage = root.required("stopwordFallbackLanguage").asText();
    root.required("hashtagSpecialFolds").fields().forEachRemaining(entry -> hashtagSpecialFolds.put(entry.getKey(), entry.getValue().asText()));
    patterns = root.required("patterns");
  }

  public static TextRules load() {
    return new TextRules(readResource("text-rules.json"));
  }

  Pattern pattern(String name) {
    JsonNode rule = patterns.get(name);
    if (rule == null) throw new IllegalStateException("text-rules.json has no pattern '" + name + "'");
    return JsRegex.compile(rule.required("source").asText(), rule.required("flags").asText());
  }

  static JsonNode readResource(String name) {
    try (InputStream in = TextRules.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath: build the Spark engine with Maven from the repository, after npm ci");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
