package io.leadscore.rules;

import java.util.List;
import java.util.OptionalDouble;

/** One test on a named attribute: any of some wildcard patterns, or a numeric range with inclusive bounds. */
public sealed interface Condition {

  String field();

  boolean matches(Attributes attributes);

  record AnyOf(String field, List<Glob> patterns) implements Condition {
    public AnyOf {
      if (patterns.isEmpty()) {
        throw new RuleProblem(field, "needs at least one value to match");
      }
      patterns = List.copyOf(patterns);
    }

    @Override
    public boolean matches(Attributes attributes) {
      String value = attributes.values().get(field);
      if (value == null) {
        return false;
      }
      for (Glob pattern : patterns) {
        if (pattern.matches(value)) {
          return true;
        }
      }
      return false;
    }
  }

  record Range(String field, Double min, Double max) implements Condition {
    public Range {
      if (min == null && max == null) {
        throw new RuleProblem(field, "a range needs min, max or both");
      }
      if (min != null && max != null && min > max) {
        throw new RuleProblem(field, "min " + min + " is above max " + max);
      }
    }

    @Override
    public boolean matches(Attributes attributes) {
      OptionalDouble value = attributes.number(field);
      return value.isPresent()
          && (min == null || value.getAsDouble() >= min)
          && (max == null || value.getAsDouble() <= max);
    }
  }
}
