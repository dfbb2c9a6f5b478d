package dev.trendstream.spark.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The stopwords-iso lists (the npm package's JSON, put on the classpath by the build), as the processor uses
 * them: a post's language's list, or the fallback language's for a post with no language or one without a list.
 */
final class Stopwords {
  private final JsonNode lists;
  private final String fallback;
  private final Map<String, Set<String>> cache = new HashMap<>();

  Stopwords(String fallbackLanguage) {
    this.lists = TextRules.readResource("stopwords-iso.json");
    this.fallback = fallbackLanguage;
  }

  Set<String> forLanguage(String language) {
    String key = language != null && lists.has(language) ? language : fallback;
    return cache.computeIfAbsent(key, k -> {
      Set<String> words = new HashSet<>();
      for (JsonNode word : lists.path(k)) words.add(Text.lower(Text.nfkc(word.asText())));
      return words;
    });
  }
}
