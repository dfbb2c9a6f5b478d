package dev.trendstream.spark.text;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hashtag names as Mastodon normalizes them (NFKC, lower case, ASCII folding of Latin letters), per text-rules.json. */
public final class Hashtags {
  private final Pattern invalidChars;
  private final Pattern foldableLatin;
  private final Pattern combiningMarks;
  private final Pattern hashtagMark;
  private final Map<String, String> specialFolds;

  public Hashtags(TextRules rules) {
    invalidChars = rules.pattern("hashtagInvalidChars");
    foldableLatin = rules.pattern("foldableLatin");
    combiningMarks = rules.pattern("combiningMarks");
    hashtagMark = rules.pattern("hashtagMark");
    specialFolds = rules.hashtagSpecialFolds;
  }

  public String normalize(String name) {
    String withoutHash = hashtagMark.matcher(name).replaceFirst("");
    String folded = asciiFold(Text.lower(Text.nfkc(withoutHash)));
    return invalidChars.matcher(folded).replaceAll("");
  }

  private String asciiFold(String text) {
    Matcher matcher = foldableLatin.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (matcher.find()) {
      String ch = matcher.group();
      String fold = specialFolds.get(ch);
      if (fold == null) fold = combiningMarks.matcher(Text.nfd(ch)).replaceAll("");
      matcher.appendReplacement(out, Matcher.quoteReplacement(fold));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
