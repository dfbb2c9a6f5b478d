package dev.trendstream.spark.posts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads base64 messages of the posts topic, one per line, on stdin and writes for each
 * {@code {"kind": "post"|"updated"|"deleted", "value": {…}}} or {@code {"error": CODE}}: how the decoder parity
 * test (spark/test) puts the two engines' readers side by side.
 */
public final class DecodeLines {
  private DecodeLines() {}

  public static void main(String[] args) throws IOException {
    ObjectMapper json = new ObjectMapper();
    PostsTopicDecoder decoder = PostsTopicDecoder.load();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Map<String, Object> result = new LinkedHashMap<>();
        try {
          PostsTopicDecoder.Decoded decoded = decoder.decode(line.isEmpty() ? null : Base64.getDecoder().decode(line));
          result.put("kind", switch (decoded.kind()) {
            case POST -> "post";
            case UPDATED -> "updated";
            case DELETED -> "deleted";
          });
          result.put("value", plain(decoded.value()));
        } catch (PostsTopicDecoder.DecodeException e) {
          result.put("error", e.code());
        }
        out.write(json.writeValueAsString(result));
        out.write('\n');
      }
    }
  }

  /** An Avro value as plain JSON values (records as objects, strings as strings). */
  static Object plain(Object value) {
    if (value instanceof GenericRecord record) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Schema.Field field : record.getSchema().getFields()) fields.put(field.name(), plain(record.get(field.pos())));
      return fields;
    }
    if (value instanceof CharSequence || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>) return value.toString();
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>();
      for (Object item : list) items.add(plain(item));
      return items;
    }
    return value;
  }
}
