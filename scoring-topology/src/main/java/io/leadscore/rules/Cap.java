package io.leadscore.rules;

import java.time.Duration;

/** At most {@code max} scoring occurrences of a rule per lead in each period, periods aligned to the epoch (UTC). */
public record Cap(Integer max, Duration per) {

  public Cap {
    if (max == null || max < 1) {
      throw new RuleProblem("max", "must be at least 1, was " + max);
    }
    if (per == null || per.isNegative() || per.isZero()) {
      throw new RuleProblem("per", "needs a positive period such as 1d");
    }
  }

  public long period(long time) {
    return Math.floorDiv(time, per.toMillis());
  }
}
