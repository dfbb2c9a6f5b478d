package dev.trendstream.spark.text;

import com.ibm.icu.text.UnicodeSet;
import java.util.regex.Pattern;

/**
 * Compiles an ECMAScript regular expression with the {@code u} flag (the form text-rules.json holds) into a
 * java.util.regex pattern that matches the same strings. Java's own Unicode tables are older than the ICU the
 * processor's Node.js uses, and a few constructs mean different things in the two dialects, so:
 * <ul>
 *   <li>{@code \p{…}} matches the code points ICU gives for that property;</li>
 *   <li>{@code \s} becomes ECMAScript's white space and line terminators (Java's is ASCII only);</li>
 *   <li>{@code \b} becomes an ASCII word boundary, as in ECMAScript (Java 17's follows Unicode letters), matched
 *       case-sensitively;</li>
 *   <li>{@code $} becomes {@code \z} (Java's also matches before a final line break);</li>
 *   <li>{@code i} becomes case-insensitive matching with Unicode case folding.</li>
 * </ul>
 * Any other escape with a letter is refused, so that a new rule cannot be translated wrongly in silence.
 */
public final class JsRegex {
  private static final String JS_WHITESPACE =
      "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

  private static final String SUPPLEMENTARY_MARK = "(?:" + new String(Character.toChars(0x10000)) + "){0}";

  private JsRegex() {}

  public static Pattern compile(String source, String flags) {
    if (!flags.contains("u")) {
      throw new IllegalArgumentException("only patterns with the u flag are translated: /" + source + "/" + flags);
    }
    int javaFlags = 0;
    String asciiWord = "A-Za-z0-9_";
    if (flags.contains("i")) {
      javaFlags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
      // With i and u, ECMAScript's \w also holds the two characters that fold to k and s.
      asciiWord += "\\x{17F}\\x{212A}";
    }
    // A supplementary character in the pattern's text (in a group repeated zero times: it matches nothing) makes
    // Java step back by code points, not chars, in every lookbehind (see appendCodePoint).
    return Pattern.compile(SUPPLEMENTARY_MARK + "(?:" + translate(source, asciiWord) + ")", javaFlags);
  }

  static String translate(String source, String asciiWord) {
    StringBuilder out = new StringBuilder(source.length() * 2);
    boolean inClass = false;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\') {
        if (i + 1 >= source.length()) throw new IllegalArgumentException("a pattern ends with a lone backslash: " + source);
        char next = source.charAt(++i);
        switch (next) {
          case 'p' -> {
            int close = source.indexOf('}', i);
            if (i + 1 >= source.length() || source.charAt(i + 1) != '{' || close < 0) {
              throw new IllegalArgumentException("\\p without {…} in " + source);
            }
            out.append(unicodeClass(source.substring(i + 2, close)));
            i = close;
          }
          case 's' -> out.append(inClass ? JS_WHITESPACE : "[" + JS_WHITESPACE + "]");
          case 'b' -> {
            if (inClass) throw new IllegalArgumentException("\\b inside a class is not translated: " + source);
            String w = "[" + asciiWord + "]";
            // Case-sensitive: under Java's Unicode case folding İ would count as i, and so as a word character.
            out.append("(?-i:(?<=").append(w).append(")(?!").append(w).append(")|(?<!").append(w).append(")(?=").append(w).append("))");
          }
          case 'u' -> {
            if (i + 1 < source.length() && source.charAt(i + 1) == '{') {
              int close = source.indexOf('}', i);
              out.append("\\x").append(source, i + 1, close + 1);
              i = close;
            } else {
              out.append("\\x{").append(source, i + 1, i + 5).append('}');
              i += 4;
            }
          }
          default -> {
            if (Character.isLetterOrDigit(next)) {
              throw new IllegalArgumentException("the escape \\" + next + " is not translated (extend JsRegex): " + source);
            }
            out.append('\\').append(next);
          }
        }
      } else if (c == '[' && !inClass) {
        inClass = true;
        out.append(c);
        if (i + 1 < source.length() && source.charAt(i + 1) == '^') out.append(source.charAt(++i));
      } else if (c == ']' && inClass) {
        inClass = false;
        out.append(c);
      } else if (c == '$' && !inClass) {
        out.append("\\z");
      } else if (c == '[' || c == '&' && inClass) {
        // Java gives [ and && a meaning inside a class (nesting, intersection) that ECMAScript does not.
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * An ECMAScript property ({@code L}, {@code Script=Han}) as a Java class with ICU's members: Java's own property
   * (fast to match), plus the code points ICU has and Java 17's older tables lack, less those Java has and ICU
   * does not. (Spelling the whole property out as ranges matched the same strings about a hundred times slower.)
   */
  static String unicodeClass(String property) {
    return CLASSES.computeIfAbsent(property, JsRegex::buildUnicodeClass);
  }

  private static final java.util.Map<String, String> CLASSES = new java.util.concurrent.ConcurrentHashMap<>();

  private static String buildUnicodeClass(String property) {
    UnicodeSet icu = new UnicodeSet("[\\p{" + property + "}]").freeze();
    if (icu.isEmpty()) throw new IllegalArgumentException("\\p{" + property + "} matches nothing in ICU");
    java.util.function.IntPredicate java = javaProperty(property);
    StringBuilder added = new StringBuilder();
    StringBuilder removed = new StringBuilder();
    java.util.Set<String> addedCategories = new java.util.TreeSet<>();
    int runStart = -1;
    int runKind = 0; // 1: only ICU has the run, 2: only Java has it
    for (int cp = 0; cp <= Character.MAX_CODE_POINT + 1; cp++) {
      int kind = 0;
      if (cp <= Character.MAX_CODE_POINT) {
        boolean inIcu = icu.contains(cp);
        boolean inJava = java.test(cp);
        kind = inIcu == inJava ? 0 : inIcu ? 1 : 2;
        if (kind == 1) addedCategories.add(CATEGORY_NAMES[Character.getType(cp)]);
      }
      if (kind != runKind) {
        if (runKind != 0) appendRange(runKind == 1 ? added : removed, runStart, cp - 1);
        runStart = cp;
        runKind = kind;
      }
    }
    StringBuilder cls = new StringBuilder("[\\p{").append(property).append('}');
    if (added.length() > 0) {
      // Java tries a class's ranges one by one: behind the Java categories the added code points have (for new
      // characters: unassigned, Cn), which no ordinary character passes, the range list is rarely reached.
      cls.append("[[");
      for (String category : addedCategories) cls.append("\\p{").append(category).append('}');
      cls.append("]&&[").append(added).append("]]");
    }
    // Java has no code point in these properties that ICU lacks today; should one appear, it is taken out here.
    if (removed.length() > 0) cls.append("&&[^").append(removed).append(']');
    return cls.append(']').toString();
  }

  /** Java's general category names, indexed by Character.getType. */
  private static final String[] CATEGORY_NAMES = categoryNames();

  private static String[] categoryNames() {
    String[] names = new String[32];
    names[Character.UNASSIGNED] = "Cn";
    names[Character.UPPERCASE_LETTER] = "Lu";
    names[Character.LOWERCASE_LETTER] = "Ll";
    names[Character.TITLECASE_LETTER] = "Lt";
    names[Character.MODIFIER_LETTER] = "Lm";
    names[Character.OTHER_LETTER] = "Lo";
    names[Character.NON_SPACING_MARK] = "Mn";
    names[Character.ENCLOSING_MARK] = "Me";
    names[Character.COMBINING_SPACING_MARK] = "Mc";
    names[Character.DECIMAL_DIGIT_NUMBER] = "Nd";
    names[Character.LETTER_NUMBER] = "Nl";
    names[Character.OTHER_NUMBER] = "No";
    names[Character.SPACE_SEPARATOR] = "Zs";
    names[Character.LINE_SEPARATOR] = "Zl";
    names[Character.PARAGRAPH_SEPARATOR] = "Zp";
    names[Character.CONTROL] = "Cc";
    names[Character.FORMAT] = "Cf";
    names[Character.PRIVATE_USE] = "Co";
    names[Character.SURROGATE] = "Cs";
    names[Character.DASH_PUNCTUATION] = "Pd";
    names[Character.START_PUNCTUATION] = "Ps";
    names[Character.END_PUNCTUATION] = "Pe";
    names[Character.CONNECTOR_PUNCTUATION] = "Pc";
    names[Character.OTHER_PUNCTUATION] = "Po";
    names[Character.MATH_SYMBOL] = "Sm";
    names[Character.CURRENCY_SYMBOL] = "Sc";
    names[Character.MODIFIER_SYMBOL] = "Sk";
    names[Character.OTHER_SYMBOL] = "So";
    names[Character.INITIAL_QUOTE_PUNCTUATION] = "Pi";
    names[Character.FINAL_QUOTE_PUNCTUATION] = "Pf";
    return names;
  }

  /** What Java's {@code \\p{property}} matches, for the properties the rules use. */
  private static java.util.function.IntPredicate javaProperty(String property) {
    if (property.startsWith("Script=")) {
      Character.UnicodeScript script = Character.UnicodeScript.forName(property.substring("Script=".length()));
      return cp -> Character.UnicodeScript.of(cp) == script;
    }
    int[] types = switch (property) {
      case "L" -> new int[] {Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER, Character.OTHER_LETTER};
      case "N" -> new int[] {Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER};
      case "M" -> new int[] {Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK};
      default -> throw new IllegalArgumentException("the property \\p{" + property + "} is not translated (extend JsRegex)");
    };
    return cp -> {
      int type = Character.getType(cp);
      for (int t : types) if (type == t) return true;
      return false;
    };
  }

  private static void appendRange(StringBuilder out, int start, int end) {
    appendCodePoint(out, start);
    if (end != start) appendCodePoint(out.append('-'), end);
  }

  /**
   * Code points past the BMP go in as themselves, not as escapes: only a pattern whose text holds a supplementary
   * character gets Java's lookbehind that steps back by code points (without one, (?<![\\p{L}]) after 𖦟 looks at
   * half a surrogate pair and matches). {@link #compile} also puts one in every pattern, for the same reason.
   */
  private static void appendCodePoint(StringBuilder out, int codePoint) {
    if (Character.isSupplementaryCodePoint(codePoint)) out.appendCodePoint(codePoint);
    else out.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
  }
}
