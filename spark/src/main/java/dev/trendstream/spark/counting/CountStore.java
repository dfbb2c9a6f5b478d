package dev.trendstream.spark.counting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trendstream.spark.counting.CountingTypes.CountRow;
import dev.trendstream.spark.counting.CountingTypes.DeadMessage;
import dev.trendstream.spark.counting.CountingTypes.MemoryKind;
import dev.trendstream.spark.counting.CountingTypes.PartitionState;
import dev.trendstream.spark.counting.CountingTypes.PostCountRow;
import dev.trendstream.spark.counting.CountingTypes.RememberedPost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The one transaction that makes counting exactly-once, as the processor writes it (processor/src/db/count-store.ts
 * and change-log.ts): lock the partitions' stored offsets, let the caller aggregate against them and the posts it
 * remembers, then write post counts, post memory, dead letters, the new offsets and one change-log row of the
 * word-count changes, together. Same tables, same rows, same formats: the processor's serving side reads them.
 */
public final class CountStore {
  public record OffsetKey(String group, String topic) {}

  @FunctionalInterface
  public interface Applier {
    BatchAggregator.Result apply(Map<Integer, PartitionState> states, Map<String, RememberedPost> memory);
  }

  /** Rows per multi-row statement: well under max_allowed_packet, large enough to amortise round trips. */
  private static final int ROWS_PER_STATEMENT = 2000;
  /** count_changes.format: gzip JSON [[scope, lang, bucketStart, word, change], …]. */
  static final int CHANGES_FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private CountStore() {}

  public static BatchAggregator.Result applyBatch(
      Connection connection, OffsetKey key, Collection<Integer> partitions, Collection<String> uriHashes, Applier apply, long now) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      Map<Integer, PartitionState> states = lockPartitionStates(connection, key, partitions);
      Map<String, RememberedPost> memory = recallPosts(connection, uriHashes);
      BatchAggregator.Result result = apply.apply(states, memory);
      List<Object[]> postCounts = new ArrayList<>();
      for (PostCountRow row : result.postCounts()) postCounts.add(new Object[] {row.bucketStart(), row.scope(), row.lang(), row.posts()});
      upsert(connection, "INSERT INTO post_counts (bucket_start, scope, lang, posts) VALUES %s ON DUPLICATE KEY UPDATE posts = posts + VALUES(posts)", 4, postCounts);
      List<Object[]> remembered = new ArrayList<>();
      for (RememberedPost entry : result.remembered()) {
        remembered.add(new Object[] {HEX.parseHex(entry.uriHash()), entry.eventTime(), entry.kind().code(), entry.lang(), json(entry.scopes()), json(entry.tokens())});
      }
      upsert(connection, "INSERT INTO counted_posts (uri_hash, created_at, kind, lang, scopes, tokens) VALUES %s "
          + "ON DUPLICATE KEY UPDATE kind = VALUES(kind), lang = VALUES(lang), scopes = VALUES(scopes), tokens = VALUES(tokens)", 6, remembered);
      List<Object[]> dead = new ArrayList<>();
      for (DeadMessage message : result.deadLetters()) {
        String reason = message.reason().length() > 1000 ? message.reason().substring(0, 1000) : message.reason();
        dead.add(new Object[] {key.topic(), message.partition(), message.offset(), message.code(), reason, now});
      }
      upsert(connection, "INSERT IGNORE INTO dead_letters (topic, partition_id, kafka_offset, error_code, reason, recorded_at) VALUES %s", 6, dead);
      List<Object[]> offsets = new ArrayList<>();
      result.states().forEach((partition, state) -> offsets.add(new Object[] {
          key.group(), key.topic(), partition, state.nextOffset, state.maxEventTime, state.lastAdvanceAt, state.latePosts, now}));
      upsert(connection, "INSERT INTO partition_offsets (consumer_group, topic, partition_id, next_offset, max_event_time, last_advance_at, late_posts, updated_at) "
          + "VALUES %s ON DUPLICATE KEY UPDATE next_offset = VALUES(next_offset), max_event_time = VALUES(max_event_time), "
          + "last_advance_at = VALUES(last_advance_at), late_posts = VALUES(late_posts), updated_at = VALUES(updated_at)", 8, offsets);
      if (!result.wordCounts().isEmpty()) appendChanges(connection, result.wordCounts(), now);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static Map<Integer, PartitionState> lockPartitionStates(Connection connection, OffsetKey key, Collection<Integer> partitions) throws SQLException {
    Map<Integer, PartitionState> states = new HashMap<>();
    if (partitions.isEmpty()) return states;
    List<Integer> sorted = new ArrayList<>(new TreeSet<>(partitions));
    String sql = "SELECT partition_id, next_offset, max_event_time, last_advance_at, late_posts FROM partition_offsets "
        + "WHERE consumer_group = ? AND topic = ? AND partition_id IN (" + placeholders(sorted.size()) + ") ORDER BY partition_id FOR UPDATE";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, key.group());
      statement.setString(2, key.topic());
      for (int i = 0; i < sorted.size(); i++) statement.setInt(3 + i, sorted.get(i));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          states.put(rows.getInt(1), new PartitionState(rows.getLong(2), nullableLong(rows, 3), nullableLong(rows, 4), rows.getLong(5)));
        }
      }
    }
    return states;
  }

  /**
   * What is remembered of the batch's posts. A plain read: the partition locks keep other counting transactions
   * away from these posts (all records of a post share its key, hence its partition).
   */
  private static Map<String, RememberedPost> recallPosts(Connection connection, Collection<String> uriHashes) throws SQLException {
    Map<String, RememberedPost> memory = new HashMap<>();
    List<String> hashes = new ArrayList<>(uriHashes);
    for (int start = 0; start < hashes.size(); start += ROWS_PER_STATEMENT) {
      List<String> chunk = hashes.subList(start, Math.min(hashes.size(), start + ROWS_PER_STATEMENT));
      String sql = "SELECT uri_hash, created_at, kind, lang, scopes, tokens FROM counted_posts WHERE uri_hash IN (" + placeholders(chunk.size()) + ")";
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) statement.setBytes(1 + i, HEX.parseHex(chunk.get(i)));
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            String uriHash = HEX.formatHex(rows.getBytes(1));
            memory.put(uriHash, new RememberedPost(
                uriHash, rows.getLong(2), MemoryKind.ofCode(rows.getInt(3)), rows.getString(4), stringArray(rows.getString(5)), stringArray(rows.getString(6))));
          }
        }
      }
    }
    return memory;
  }

  /** One count_changes row for the transaction's word-count changes, numbered after the head it locks. */
  static long appendChanges(Connection connection, List<CountRow> rows, long now) throws SQLException {
    long seq;
    try (PreparedStatement head = connection.prepareStatement("SELECT seq FROM count_change_head WHERE id = 1 FOR UPDATE");
        ResultSet result = head.executeQuery()) {
      seq = (result.next() ? result.getLong(1) : 0) + 1;
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO count_changes (seq, format, committed_at, changes) VALUES (?, ?, ?, ?)")) {
      insert.setLong(1, seq);
      insert.setInt(2, CHANGES_FORMAT);
      insert.setLong(3, now);
      insert.setBytes(4, encodeChanges(rows));
      insert.executeUpdate();
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE count_change_head SET seq = ? WHERE id = 1")) {
      update.setLong(1, seq);
      update.executeUpdate();
    }
    return seq;
  }

  static byte[] encodeChanges(List<CountRow> rows) {
    List<Object[]> tuples = new ArrayList<>(rows.size());
    for (CountRow row : rows) tuples.add(new Object[] {row.scope(), row.lang(), row.bucketStart(), row.word(), row.count()});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      JSON.writeValue(gzip, tuples);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void upsert(Connection connection, String sqlTemplate, int columns, List<Object[]> rows) throws SQLException {
    String row = "(" + placeholders(columns) + ")";
    for (int start = 0; start < rows.size(); start += ROWS_PER_STATEMENT) {
      List<Object[]> chunk = rows.subList(start, Math.min(rows.size(), start + ROWS_PER_STATEMENT));
      String sql = String.format(sqlTemplate, String.join(",", java.util.Collections.nCopies(chunk.size(), row)));
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int index = 1;
        for (Object[] values : chunk) for (Object value : values) statement.setObject(index++, value);
        statement.executeUpdate();
      }
    }
  }

  private static String placeholders(int count) {
    return String.join(",", java.util.Collections.nCopies(count, "?"));
  }

  private static Long nullableLong(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As the processor reads them: a value that is not an array is empty; one that is not JSON fails the batch. */
  private static List<String> stringArray(String text) {
    List<String> values = new ArrayList<>();
    com.fasterxml.jackson.databind.JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("counted_posts holds JSON that cannot be read: " + e.getOriginalMessage(), e);
    }
    if (node != null && node.isArray()) for (var item : node) values.add(item.asText());
    return values;
  }
}
