package io.leadscore.rules;

/**
 * A case-insensitive wildcard pattern: {@code *} matches any run of characters, {@code ?} one character.
 *
 * <p>Rules are matched against every event, with values from the outside world (a URL can be kilobytes long), so
 * matching never backtracks: the pattern is split at its stars into literal parts, the first must start the value, the
 * last must end it, and each part between is found at its leftmost place after the one before. The leftmost place is
 * always as good as any later one, since only stars lie between parts. A value of n characters costs at most n times
 * the longest part in comparisons, whatever the number of stars; a regular expression such as {@code .*a.*a.*b.*}
 * takes time that grows with a power of n on a value without a {@code b}.
 */
public final class Glob {

  private final String pattern;
  /** The literal parts between stars; a pattern without stars has one part, which must be the whole value. */
  private final String[] parts;

  private Glob(String pattern, String[] parts) {
    this.pattern = pattern;
    this.parts = parts;
  }

  public static Glob of(String pattern) {
    return new Glob(pattern, pattern.split("\\*", -1));
  }

  public boolean matches(CharSequence value) {
    if (value == null) {
      return false;
    }
    if (parts.length == 1) {
      return value.length() == parts[0].length() && partAt(value, 0, parts[0]);
    }
    String first = parts[0];
    String last = parts[parts.length - 1];
    int end = value.length() - last.length();
    if (end < first.length() || !partAt(value, 0, first) || !partAt(value, end, last)) {
      return false;
    }
    int from = first.length();
    for (int i = 1; i < parts.length - 1; i++) {
      int at = find(value, parts[i], from, end);
      if (at < 0) {
        return false;
      }
      from = at + parts[i].length();
    }
    return true;
  }

  /** The first place at or after {@code from} where {@code part} lies wholly before {@code end}, or -1. */
  private static int find(CharSequence value, String part, int from, int end) {
    for (int at = from; at + part.length() <= end; at++) {
      if (partAt(value, at, part)) {
        return at;
      }
    }
    return -1;
  }

  private static boolean partAt(CharSequence value, int at, String part) {
    for (int i = 0; i < part.length(); i++) {
      if (!same(value.charAt(at + i), part.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** As {@link String#equalsIgnoreCase} compares characters; {@code ?} in the pattern matches any. */
  private static boolean same(char actual, char wanted) {
    if (wanted == '?' || actual == wanted) {
      return true;
    }
    char upper = Character.toUpperCase(actual);
    char wantedUpper = Character.toUpperCase(wanted);
    return upper == wantedUpper || Character.toLowerCase(upper) == Character.toLowerCase(wantedUpper);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Glob glob && glob.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
