package io.leadscore.rules;

import java.util.regex.Pattern;

/** A case-insensitive wildcard pattern: {@code *} matches any run of characters, {@code ?} one character. */
public record Glob(String pattern, Pattern regex) {

  public static Glob of(String pattern) {
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
    return new Glob(pattern, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
  }

  public boolean matches(String value) {
    return value != null && regex.matcher(value).matches();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
