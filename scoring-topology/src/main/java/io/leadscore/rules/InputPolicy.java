package io.leadscore.rules;

import java.time.Duration;

/**
 * How input is checked and ordered. Events more than {@code maxFutureSkew} ahead of the clock are rejected; an event id
 * seen within {@code deduplicationWindow} is a duplicate; events up to {@code reorderWindow} (and at most
 * {@code maxReorderEvents} per lead) behind a lead's newest event are scored exactly as if they had come in order.
 */
public record InputPolicy(
    Duration maxFutureSkew, Duration deduplicationWindow, Duration reorderWindow, Integer maxReorderEvents) {

  public static final InputPolicy DEFAULT = new InputPolicy(null, null, null, null);

  public InputPolicy {
    maxFutureSkew = orDefault("maxFutureSkew", maxFutureSkew, Duration.ofHours(1));
    deduplicationWindow = orDefault("deduplicationWindow", deduplicationWindow, Duration.ofDays(7));
    reorderWindow = orDefault("reorderWindow", reorderWindow, Duration.ofHours(1));
    maxReorderEvents = maxReorderEvents == null ? 100 : maxReorderEvents;
    if (maxReorderEvents < 1) {
      throw new RuleProblem("maxReorderEvents", "must be at least 1");
    }
  }

  private static Duration orDefault(String property, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative()) {
      throw new RuleProblem(property, "cannot be negative");
    }
    return value;
  }
}
