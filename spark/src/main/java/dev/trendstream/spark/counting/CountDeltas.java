package dev.trendstream.spark.counting;

import dev.trendstream.spark.counting.CountingTypes.CountRow;
import dev.trendstream.spark.counting.CountingTypes.PostCountRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signed changes to word and post counts, summed per (scope, bucket, language[, word]), as the processor's
 * count-deltas.ts: changes that cancel out leave no row, and rows come in one key order (the processor's:
 * the NUL-joined key compared by UTF-16 unit) so that concurrent writers cannot deadlock.
 */
final class CountDeltas {
  private final Map<String, long[]> words = new TreeMap<>();
  private final Map<String, long[]> posts = new TreeMap<>();
  private final Map<String, CountRow> wordKeys = new TreeMap<>();
  private final Map<String, PostCountRow> postKeys = new TreeMap<>();

  void add(String scope, long bucketStart, String lang, List<String> tokens, int sign) {
    String postKey = scope + '\u0000' + bucketStart + '\u0000' + lang;
    posts.computeIfAbsent(postKey, k -> {
      postKeys.put(k, new PostCountRow(scope, bucketStart, lang, 0));
      return new long[1];
    })[0] += sign;
    for (String word : tokens) {
      String key = postKey + '\u0000' + word;
      words.computeIfAbsent(key, k -> {
        wordKeys.put(k, new CountRow(scope, bucketStart, lang, word, 0));
        return new long[1];
      })[0] += sign;
    }
  }

  List<CountRow> wordRows() {
    List<CountRow> rows = new ArrayList<>();
    words.forEach((key, count) -> {
      if (count[0] != 0) {
        CountRow row = wordKeys.get(key);
        rows.add(new CountRow(row.scope(), row.bucketStart(), row.lang(), row.word(), count[0]));
      }
    });
    return rows;
  }

  List<PostCountRow> postRows() {
    List<PostCountRow> rows = new ArrayList<>();
    posts.forEach((key, count) -> {
      if (count[0] != 0) {
        PostCountRow row = postKeys.get(key);
        rows.add(new PostCountRow(row.scope(), row.bucketStart(), row.lang(), count[0]));
      }
    });
    return rows;
  }
}
