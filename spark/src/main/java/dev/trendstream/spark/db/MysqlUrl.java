package dev.trendstream.spark.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * MYSQL_URL as every Trendstream app takes it ({@code mysql://user:password@host:port/database}), opened
 * with MariaDB Connector/J, which speaks to MariaDB 10.11+ and MySQL 8.4 alike.
 */
public record MysqlUrl(String host, int port, String database, String user, String password) {
  public static MysqlUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("MYSQL_URL is not a URL (" + e.getReason() + "); expected mysql://user:password@host:3306/database", e);
    }
    if (!"mysql".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("MYSQL_URL must look like mysql://user:password@host:3306/database, not " + redacted(url));
    }
    String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (database.isEmpty()) throw new IllegalArgumentException("MYSQL_URL names no database: " + redacted(url));
    String user = "root";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      if (parts.length == 2) password = decode(parts[1]);
    }
    return new MysqlUrl(uri.getHost(), uri.getPort() == -1 ? 3306 : uri.getPort(), decode(database), user, password);
  }

  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    // MySQL 8.4's default authentication sends the password encrypted with the server's key when there is no TLS.
    properties.setProperty("allowPublicKeyRetrieval", "true");
    return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/" + database, properties);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static String redacted(String url) {
    return url.replaceFirst("//[^@/]*@", "//…@");
  }
}
