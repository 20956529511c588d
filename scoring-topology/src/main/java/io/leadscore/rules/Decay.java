package io.leadscore.rules;

import java.time.Duration;

/** Decay of engagement points, and how often the engine looks for leads whose decay changes their stage. */
public record Decay(
    DecayType type, Duration halfLife, Double points, Duration every, Duration after, Duration checkEvery) {

  public static final Decay NONE = new Decay(DecayType.NONE, null, null, null, null, null);

  public Decay {
    type = type == null ? DecayType.NONE : type;
    checkEvery = checkEvery == null ? Duration.ofMinutes(1) : checkEvery;
    requirePositive("checkEvery", checkEvery);
    switch (type) {
      case EXPONENTIAL -> requirePositive("halfLife", halfLife);
      case LINEAR -> {
        if (points == null || points <= 0) {
          throw new RuleProblem("points", "linear decay needs the positive points lost each period");
        }
        requirePositive("every", every);
        after = after == null ? Duration.ZERO : after;
        if (after.isNegative()) {
          throw new RuleProblem("after", "cannot be negative");
        }
      }
      case NONE -> { }
    }
  }

  private static void requirePositive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new RuleProblem(property, "needs a positive duration such as 30d, 12h or P30D");
    }
  }
}
