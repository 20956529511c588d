package io.leadscore.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobTest {

  /** A value that counts how many characters the matcher reads. */
  private static final class CountingText implements CharSequence {
    private final String text;
    long reads;

    CountingText(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      throw new UnsupportedOperationException("the matcher reads characters one by one");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static long readsFor(String pattern, int length) {
    CountingText text = new CountingText("a".repeat(length));
    assertThat(Glob.of(pattern).matches(text)).isFalse();
    return text.reads;
  }

  @Test
  void manyStarsOnALongValueReadEachCharacterAFewTimesAtMost() {
    // A backtracking regex for this pattern on 100 KB of 'a' took longer than a transaction may last.
    long reads = readsFor("*a*a*a*b*", 100_000);
    assertThat(reads).as("characters read for 100,000").isLessThanOrEqualTo(2 * 100_000L);
    assertThat(readsFor("*a*a*a*b*", 200_000)).as("twice the value, twice the reads at most")
        .isLessThanOrEqualTo(2 * reads + 10);
    assertThat(readsFor("*aaab*aaab*", 100_000)).as("longer parts: at most the part's length per character")
        .isLessThanOrEqualTo(4 * 100_000L);
  }

  @Test
  void matchesWhatTheWildcardsMean() {
    assertThat(Glob.of("*a*a*b*").matches("xxaxxaxxbxx")).isTrue();
    assertThat(Glob.of("*a*a*b*").matches("xxaxxbxxaxx")).isFalse();
    assertThat(Glob.of("a*b").matches("ab")).isTrue();
    assertThat(Glob.of("ab*ba").matches("aba")).as("prefix and suffix may not overlap").isFalse();
    assertThat(Glob.of("*").matches("")).isTrue();
    assertThat(Glob.of("").matches("")).isTrue();
    assertThat(Glob.of("").matches("x")).isFalse();
    assertThat(Glob.of("?").matches("")).isFalse();
    assertThat(Glob.of("/PRICING/*").matches("/pricing/enterprise")).isTrue();
    assertThat(Glob.of("*stra?e*").matches("Hauptstraße 1")).isTrue();
    assertThat(Glob.of("*STRASSE*").matches("hauptstrasse 1")).isTrue();
  }

  @Test
  void agreesWithTheEquivalentRegexOnRandomPatternsAndValues() {
    Random random = new Random(12);
    String alphabet = "abAB?*";
    for (int i = 0; i < 20_000; i++) {
      String pattern = randomText(random, alphabet, 6);
      String value = randomText(random, "abAB", 8);
      assertThat(Glob.of(pattern).matches(value)).as("%s on %s", pattern, value)
          .isEqualTo(regexOf(pattern).matcher(value).matches());
    }
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static Pattern regexOf(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }
}
