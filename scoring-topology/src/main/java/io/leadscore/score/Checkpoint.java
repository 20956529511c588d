package io.leadscore.score;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * A lead's engagement with every activity up to {@code lastActivityAt} folded in: points per rule (and the engine's
 * {@code decay} and {@code floor} adjustments) as of that time, scoring occurrences per capped rule and period, the
 * rules scored once already, and the answer in force for each question rule answered.
 */
public record Checkpoint(
    Long lastActivityAt, Map<String, Double> points, Map<CapPeriod, Integer> capCounts, Set<String> fired,
    Map<String, Answered> answers) {

  public static final Checkpoint EMPTY = new Checkpoint(null, Map.of(), Map.of(), Set.of(), Map.of());

  /**
   * Points keep the order their rules first scored in, which a stored checkpoint keeps too: sums of floating-point
   * points then come out the same, to the last bit, whether a checkpoint was just computed or read back from the store.
   * The maps are taken over, not copied: a checkpoint is built for every event, and whoever builds one hands over maps
   * made for it. The read-only views keep anyone from changing them afterwards.
   */
  public Checkpoint {
    points = Collections.unmodifiableMap(points);
    capCounts = Collections.unmodifiableMap(capCounts);
    fired = Collections.unmodifiableSet(fired);
    answers = Collections.unmodifiableMap(answers);
  }
}
