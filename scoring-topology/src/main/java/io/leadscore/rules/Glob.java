package io.leadscore.rules;

import java.util.regex.Pattern;

/**
 * A case-insensitive wildcard pattern: {@code *} matches any run of characters, {@code ?} one character. Rules are
 * matched for every event, so the usual shapes (a literal, {@code prefix*}, {@code *suffix}, {@code *part*}) compare
 * strings directly; any other pattern is a regular expression.
 */
public final class Glob {

  private enum Shape { EXACT, PREFIX, SUFFIX, CONTAINS, REGEX }

  private final String pattern;
  private final Shape shape;
  private final String literal;
  private final Pattern regex;

  private Glob(String pattern, Shape shape, String literal, Pattern regex) {
    this.pattern = pattern;
    this.shape = shape;
    this.literal = literal;
    this.regex = regex;
  }

  public static Glob of(String pattern) {
    int stars = 0;
    int wildcards = 0;
    for (char c : pattern.toCharArray()) {
      stars += c == '*' ? 1 : 0;
      wildcards += c == '*' || c == '?' ? 1 : 0;
    }
    boolean leading = pattern.startsWith("*");
    boolean trailing = pattern.length() > 1 && pattern.endsWith("*");
    if (wildcards == 0) {
      return new Glob(pattern, Shape.EXACT, pattern, null);
    }
    if (wildcards == stars && stars == 1 && trailing) {
      return new Glob(pattern, Shape.PREFIX, pattern.substring(0, pattern.length() - 1), null);
    }
    if (wildcards == stars && stars == 1 && leading) {
      return new Glob(pattern, Shape.SUFFIX, pattern.substring(1), null);
    }
    if (wildcards == stars && stars == 2 && leading && trailing) {
      return new Glob(pattern, Shape.CONTAINS, pattern.substring(1, pattern.length() - 1), null);
    }
    return new Glob(pattern, Shape.REGEX, null, toRegex(pattern));
  }

  private static Pattern toRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  public boolean matches(String value) {
    if (value == null) {
      return false;
    }
    return switch (shape) {
      case EXACT -> value.equalsIgnoreCase(literal);
      case PREFIX -> value.regionMatches(true, 0, literal, 0, literal.length());
      case SUFFIX -> value.length() >= literal.length()
          && value.regionMatches(true, value.length() - literal.length(), literal, 0, literal.length());
      case CONTAINS -> contains(value);
      case REGEX -> regex.matcher(value).matches();
    };
  }

  private boolean contains(String value) {
    for (int from = 0; from + literal.length() <= value.length(); from++) {
      if (value.regionMatches(true, from, literal, 0, literal.length())) {
        return true;
      }
    }
    return false;
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
