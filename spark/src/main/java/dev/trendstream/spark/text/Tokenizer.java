package dev.trendstream.spark.text;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of one post, by the same rules as the processor's tokenizer (packages/contracts/src/tokenizer.ts),
 * read from the same text-rules.json and stopword lists: a word counts once per post, hashtags count as
 * {@code #tag}, and scripts written without spaces are cut by ICU's word segmenter as {@code Intl.Segmenter} does.
 * One instance per thread (it keeps its segmenters).
 */
public final class Tokenizer {
  private static final int WORD_NONE_LIMIT = BreakIterator.WORD_NONE_LIMIT;

  private final TextRules rules;
  private final Hashtags hashtags;
  private final Stopwords stopwords;
  private final Pattern urls;
  private final Pattern mentions;
  private final Pattern shortcodes;
  private final Pattern hashtagsInText;
  private final Pattern unspacedScript;
  private final Pattern spacedWords;
  private final Pattern rightSingleQuote;
  private final Pattern edgeApostrophes;
  private final Pattern hasLetter;
  private final Pattern singleWorthy;
  private final Pattern kanaOnly;
  private final Map<String, BreakIterator> segmenters = new HashMap<>();

  public Tokenizer(TextRules rules) {
    this.rules = rules;
    this.hashtags = new Hashtags(rules);
    this.stopwords = new Stopwords(rules.stopwordFallbackLanguage);
    urls = rules.pattern("urls");
    mentions = rules.pattern("mentions");
    shortcodes = rules.pattern("shortcodes");
    hashtagsInText = rules.pattern("hashtagsInText");
    unspacedScript = rules.pattern("unspacedScript");
    spacedWords = rules.pattern("spacedWords");
    rightSingleQuote = rules.pattern("rightSingleQuote");
    edgeApostrophes = rules.pattern("edgeApostrophes");
    hasLetter = rules.pattern("hasLetter");
    singleWorthy = rules.pattern("singleWorthy");
    kanaOnly = rules.pattern("kanaOnly");
  }

  /** The distinct words of a post, plus its hashtags as {@code #tag}; {@code language} may be null. */
  public List<String> tokenize(String text, String language, List<String> postHashtags) {
    int max = rules.maxTokenLength;
    Set<String> tokens = new LinkedHashSet<>();
    for (String tag : postHashtags) if (!tag.isEmpty() && tag.length() < max) tokens.add("#" + tag);

    String body = Text.nfkc(text);
    body = urls.matcher(body).replaceAll(" ");
    body = mentions.matcher(body).replaceAll(" ");
    body = shortcodes.matcher(body).replaceAll(" ");
    Matcher inText = hashtagsInText.matcher(body);
    StringBuilder withoutTags = new StringBuilder(body.length());
    while (inText.find()) {
      String tag = hashtags.normalize(inText.group(1));
      if (!tag.isEmpty() && tag.length() < max && hasLetter.matcher(tag).find()) tokens.add("#" + tag);
      inText.appendReplacement(withoutTags, " ");
    }
    inText.appendTail(withoutTags);
    body = rightSingleQuote.matcher(Text.lower(withoutTags.toString())).replaceAll("'");

    Set<String> stop = stopwords.forLanguage(language);
    for (String word : words(body, language)) {
      String token = trimApostrophes(word);
      if (isCountable(token, stop)) tokens.add(token);
    }
    return new ArrayList<>(tokens);
  }

  private List<String> words(String body, String language) {
    List<String> words = new ArrayList<>();
    if (!unspacedScript.matcher(body).find()) {
      Matcher matcher = spacedWords.matcher(body);
      while (matcher.find()) words.add(matcher.group());
      return words;
    }
    BreakIterator segmenter = segmenterFor(language);
    for (String chunk : chunks(body)) {
      segmenter.setText(chunk);
      int start = segmenter.first();
      for (int end = segmenter.next(); end != BreakIterator.DONE; start = end, end = segmenter.next()) {
        if (segmenter.getRuleStatus() >= WORD_NONE_LIMIT) words.add(chunk.substring(start, end));
      }
    }
    return words;
  }

  /** As tokenizer.ts cuts long text for Intl.Segmenter: at the last space within each chunk, else at its length. */
  private List<String> chunks(String body) {
    int chunkLength = rules.segmentChunkLength;
    List<String> chunks = new ArrayList<>();
    int start = 0;
    while (body.length() - start > chunkLength) {
      int space = body.lastIndexOf(' ', start + chunkLength);
      int end = space > start ? space : start + chunkLength;
      chunks.add(body.substring(start, end));
      start = end;
    }
    chunks.add(body.substring(start));
    return chunks;
  }

  private BreakIterator segmenterFor(String language) {
    return segmenters.computeIfAbsent(language == null ? "" : language, key -> {
      ULocale locale = key.isEmpty() ? ULocale.ROOT : ULocale.forLanguageTag(key);
      return BreakIterator.getWordInstance(locale);
    });
  }

  private String trimApostrophes(String word) {
    String trimmed = edgeApostrophes.matcher(word).replaceAll("");
    return trimmed.endsWith("'s") ? trimmed.substring(0, trimmed.length() - 2) : trimmed;
  }

  private boolean isCountable(String token, Set<String> stop) {
    if (token.isEmpty() || token.length() > rules.maxTokenLength) return false;
    if (!hasLetter.matcher(token).find()) return false;
    if (Text.codePoints(token) == 1 && !singleWorthy.matcher(token).find()) return false;
    if (kanaOnly.matcher(token).find() && Text.codePoints(token) <= 2) return false;
    return !stop.contains(token);
  }
}
