package io.leadscore.score;

import java.util.Map;
import java.util.Set;

/**
 * A lead's engagement with every activity up to {@code lastActivityAt} folded in: points per rule (and the engine's
 * {@code decay} and {@code floor} adjustments) as of that time, scoring occurrences per capped rule and period, and
 * the rules scored once already.
 */
public record Checkpoint(
    Long lastActivityAt, Map<String, Double> points, Map<String, Integer> capCounts, Set<String> fired) {

  public static final Checkpoint EMPTY = new Checkpoint(null, Map.of(), Map.of(), Set.of());

  public Checkpoint {
    points = Map.copyOf(points);
    capCounts = Map.copyOf(capCounts);
    fired = Set.copyOf(fired);
  }
}
