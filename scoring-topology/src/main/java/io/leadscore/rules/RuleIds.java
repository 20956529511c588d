package io.leadscore.rules;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

final class RuleIds {

  /** Ids the engine uses for its own contributions to a score. */
  static final Set<String> RESERVED = Set.of("decay", "floor");

  private RuleIds() {
  }

  static String require(String id) {
    if (id == null || id.isBlank()) {
      throw new RuleProblem("id", "every rule needs an id");
    }
    if (id.indexOf('@') >= 0) {
      throw new RuleProblem("id", "'" + id + "' contains '@', which marks points credited from before identification");
    }
    if (RESERVED.contains(id)) {
      throw new RuleProblem("id", "'" + id + "' is reserved for the engine's own contributions");
    }
    return id;
  }

  static void requirePoints(Double points) {
    if (points == null) {
      throw new RuleProblem("points", "every rule needs its points (negative to subtract)");
    }
  }

  /** Throws for the first id already used, naming its place in {@code property}. */
  static <T> void requireUnique(String property, List<T> items, Function<T, String> id, Collection<String> taken) {
    Set<String> seen = new HashSet<>(taken);
    for (int i = 0; i < items.size(); i++) {
      if (!seen.add(id.apply(items.get(i)))) {
        throw new RuleProblem(property + "[" + i + "].id", "id '" + id.apply(items.get(i)) + "' is used twice");
      }
    }
  }
}
