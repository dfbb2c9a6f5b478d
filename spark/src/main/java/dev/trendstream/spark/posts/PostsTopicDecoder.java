package dev.trendstream.spark.posts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads the {@code posts} topic as the processor's codec does (packages/contracts/src/posts-topic-codec.ts):
 * Avro single-object encoding ({@code C3 01}, the writer schema's CRC-64-AVRO fingerprint, the body), every
 * schema version ever written, resolved to the newest of its kind. The schemas are the files of
 * packages/contracts/avro, put on the classpath by the build: {@code <kind>.v<N>.avsc}, the highest N being what
 * producers write today. A message that cannot be read fails with the processor's error codes, so both engines
 * record the same dead letters.
 */
public final class PostsTopicDecoder {
  public enum Kind {
    POST("post"),
    UPDATED("status-updated"),
    DELETED("status-deleted");

    final String filePrefix;

    Kind(String filePrefix) {
      this.filePrefix = filePrefix;
    }
  }

  public record Decoded(Kind kind, GenericRecord value) {}

  /** A message that cannot be decoded; never retriable. {@code code} is one of the processor's DecodeErrorCode. */
  public static final class DecodeException extends Exception {
    private final String code;

    DecodeException(String code, String message, Throwable cause) {
      super(message, cause);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  static final int HEADER_LENGTH = 10;
  private static final String SCHEMA_DIR = "dev/trendstream/spark/avro";
  private static final Pattern SCHEMA_FILE = Pattern.compile("([a-z-]+)\\.v(\\d+)\\.avsc");

  private record Writer(Kind kind, GenericDatumReader<GenericRecord> reader) {}

  private final Map<Long, Writer> writers = new HashMap<>();

  private PostsTopicDecoder() {}

  public static PostsTopicDecoder load() {
    PostsTopicDecoder decoder = new PostsTopicDecoder();
    Map<String, TreeMap<Integer, String>> byKind = new HashMap<>();
    for (String file : schemaFiles()) {
      Matcher matcher = SCHEMA_FILE.matcher(file);
      if (matcher.matches()) byKind.computeIfAbsent(matcher.group(1), k -> new TreeMap<>()).put(Integer.parseInt(matcher.group(2)), file);
    }
    for (Kind kind : Kind.values()) {
      TreeMap<Integer, String> versions = byKind.get(kind.filePrefix);
      if (versions == null) throw new IllegalStateException("no " + kind.filePrefix + ".v<N>.avsc schema on the classpath");
      Schema current = parse(versions.lastEntry().getValue());
      for (String file : versions.values()) {
        Schema writer = parse(file);
        decoder.writers.put(SchemaNormalization.parsingFingerprint64(writer), new Writer(kind, new GenericDatumReader<>(writer, current)));
      }
    }
    return decoder;
  }

  public Decoded decode(byte[] message) throws DecodeException {
    if (message == null || message.length < HEADER_LENGTH) {
      throw new DecodeException("TOO_SHORT", "message has " + (message == null ? 0 : message.length) + " bytes, fewer than the 10-byte header", null);
    }
    if ((message[0] & 0xff) != 0xc3 || message[1] != 0x01) {
      throw new DecodeException("BAD_MAGIC", "message does not start with the Avro single-object marker C3 01", null);
    }
    long fingerprint = 0;
    for (int i = HEADER_LENGTH - 1; i >= 2; i--) fingerprint = (fingerprint << 8) | (message[i] & 0xff);
    Writer writer = writers.get(fingerprint);
    if (writer == null) {
      throw new DecodeException("UNKNOWN_SCHEMA", String.format("unknown writer schema fingerprint %016x", fingerprint), null);
    }
    try {
      BinaryDecoder body = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH, null);
      GenericRecord value = writer.reader().read(null, body);
      if (!body.isEnd()) throw new IOException("trailing data");
      requireSafeLongs(value);
      return new Decoded(writer.kind(), value);
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("BAD_BODY", "Avro body does not match its schema: " + e.getMessage(), e);
    }
  }

  /** avsc refuses a long beyond ±(2^53 − 1) ("potential precision loss"): so must this reader, to dead-letter alike. */
  private static void requireSafeLongs(Object value) throws IOException {
    if (value instanceof Long number && Math.abs(number) > MAX_SAFE_INTEGER) throw new IOException("potential precision loss");
    if (value instanceof GenericRecord record) {
      for (Schema.Field field : record.getSchema().getFields()) requireSafeLongs(record.get(field.pos()));
    }
  }

  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static Schema parse(String file) {
    try (InputStream in = PostsTopicDecoder.class.getClassLoader().getResourceAsStream(SCHEMA_DIR + "/" + file)) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema " + file, e);
    }
  }

  /** The schema files on the classpath: a folder under target/classes, or entries of the engine's jar. */
  private static List<String> schemaFiles() {
    URL url = PostsTopicDecoder.class.getClassLoader().getResource(SCHEMA_DIR);
    if (url == null) {
      throw new IllegalStateException(SCHEMA_DIR + " is not on the classpath: build the Spark engine with Maven from the repository");
    }
    List<String> files = new ArrayList<>();
    try {
      if ("jar".equals(url.getProtocol())) {
        try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
          jar.stream().map(entry -> entry.getName()).filter(name -> name.startsWith(SCHEMA_DIR + "/"))
              .forEach(name -> files.add(name.substring(SCHEMA_DIR.length() + 1)));
        }
      } else {
        try (Stream<Path> paths = Files.list(Path.of(url.toURI()))) {
          paths.forEach(path -> files.add(path.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + SCHEMA_DIR, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Collections.sort(files);
    return files;
  }
}
