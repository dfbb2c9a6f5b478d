package dev.trendstream.spark.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.util.ULocale;

/** Normalization and case folding as the processor's JavaScript does them (both from ICU, not the JDK's tables). */
final class Text {
  private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
  private static final Normalizer2 NFD = Normalizer2.getNFDInstance();

  private Text() {}

  static String nfkc(String text) {
    return NFKC.normalize(text);
  }

  static String nfd(String text) {
    return NFD.normalize(text);
  }

  /** String.prototype.toLowerCase: ICU's full lower-casing in the root locale. */
  static String lower(String text) {
    return UCharacter.toLowerCase(ULocale.ROOT, text);
  }

  static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }
}
