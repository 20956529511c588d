package io.leadscore.rules;

import java.util.List;

/** All conditions of a rule's {@code when}; no conditions match everything. */
public record Criteria(List<Condition> conditions) {

  public static final Criteria ANY = new Criteria(List.of());

  public Criteria {
    conditions = List.copyOf(conditions);
  }

  public boolean matches(Attributes attributes) {
    for (Condition condition : conditions) {
      if (!condition.matches(attributes)) {
        return false;
      }
    }
    return true;
  }
}
