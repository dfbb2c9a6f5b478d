package dev.trendstream.spark.job;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the counting depends on besides the posts, as the processor records it in {@code counting_settings} when it
 * starts (from its BUCKET_SECONDS, WINDOWS and ALLOWED_LATENESS_SECONDS): the bucket size and the retention
 * horizon, and which engine it was told counts. Read from there, never configured twice, so both engines bucket
 * and expire alike, and the Spark engine never counts beside a processor that counts too.
 */
public record CountingSettings(long bucketMs, long horizonMs, String engine) implements Serializable {
  public boolean sparkCounts() {
    return "spark".equals(engine);
  }

  /** The recorded settings, or null while no processor has started on this database yet. */
  public static CountingSettings read(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT bucket_ms, horizon_ms, engine FROM counting_settings WHERE id = 1");
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? new CountingSettings(rows.getLong(1), rows.getLong(2), rows.getString(3)) : null;
    } catch (SQLException e) {
      // No table yet: the processor has not migrated this database.
      if ("42S02".equals(e.getSQLState())) return null;
      throw e;
    }
  }
}
