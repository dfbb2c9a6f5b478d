package dev.trendstream.spark.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The translation rules one by one; tokenizer-parity.test.ts proves the whole against the processor. */
class JsRegexTest {
  private static boolean finds(String source, String flags, String text) {
    return JsRegex.compile(source, flags).matcher(text).find();
  }

  @Test
  void dollarIsTheEndOfInputOnly() {
    assertFalse(finds("a$", "u", "a\n"));
    assertTrue(finds("a$", "u", "a"));
  }

  @Test
  void whitespaceIsEcmaScriptWhitespace() {
    assertTrue(finds("a\\sb", "u", "a\u00a0b"));
    assertTrue(finds("a\\sb", "u", "a\u3000b"));
    assertTrue(finds("a\\sb", "u", "a\ufeffb"));
    assertFalse(finds("a\\sb", "u", "a\u200bb"));
    assertTrue(finds("[^\\s]", "u", "x"));
    assertFalse(finds("[^\\s]", "u", "\u2028"));
  }

  @Test
  void wordBoundaryIsAsciiAndCaseSensitive() {
    assertTrue(finds("\\bwww", "iu", "éwww"));
    assertTrue(finds("\\bwww", "iu", "İwww"));
    assertFalse(finds("\\bwww", "iu", "awww"));
    // With i and u, ECMAScript's \w holds ſ and the Kelvin sign.
    assertFalse(finds("\\bwww", "iu", "ſwww"));
    assertTrue(finds("\\bwww", "u", "ſwww"));
  }

  @Test
  void propertiesFollowIcuNotTheJdk() {
    // U+1E4D0 NAG MUNDARI LETTER O (Unicode 15): a letter for ICU 78, unassigned for Java 17.
    assertTrue(finds("^\\p{L}$", "u", new String(Character.toChars(0x1E4D0))));
    assertTrue(finds("^[\\p{L}\\p{N}]+$", "u", "a1" + new String(Character.toChars(0x1E4D0))));
    assertFalse(finds("^\\p{L}$", "u", "1"));
  }

  @Test
  void lookbehindStepsBackByCodePoints() {
    // 𖦟 is a letter outside the BMP: the hashtag rule's lookbehind must see it whole.
    String letter = new String(Character.toChars(0x1699F));
    assertFalse(finds("(?<![\\p{L}])#x", "u", letter + "#x"));
    assertTrue(finds("(?<![\\p{L}])#x", "u", " #x"));
  }

  @Test
  void escapesItDoesNotKnowAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> JsRegex.compile("\\d+", "u"));
    assertThrows(IllegalArgumentException.class, () -> JsRegex.compile("\\w", "u"));
    assertThrows(IllegalArgumentException.class, () -> JsRegex.compile("\\p{Emoji}", "u"));
    assertThrows(IllegalArgumentException.class, () -> JsRegex.compile("a", "g"));
  }

  @Test
  void bracketsAndAmpersandsInsideAClassAreLiteral() {
    Pattern pattern = JsRegex.compile("[&[]+", "u");
    assertEquals("&[&", matchOf(pattern, "x&[&y"));
  }

  private static String matchOf(Pattern pattern, String text) {
    var matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group() : null;
  }
}
