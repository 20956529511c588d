package io.leadscore.rules;

import java.time.Duration;

/**
 * How input is checked and ordered. Events more than {@code maxFutureSkew} ahead of the clock are rejected; an event id
 * seen again for the same lead within {@code deduplicationWindow} is a duplicate; events up to {@code reorderWindow}
 * (and at most {@code maxReorderEvents} per lead) behind a lead's newest event are scored exactly as if they had come
 * in order. Ids (lead, event, rep) longer than {@code maxIdBytes} and text values (a URL, a title, a form answer, a
 * profile field) longer than {@code maxTextBytes}, both in UTF-8, are rejected: every output and state record repeats
 * them, and must stay small enough to send. An anonymous visitor's web activity is kept until the visitor is identified
 * as a lead, at most {@code maxAnonymousEvents} of it (the newest), from at most {@code anonymousLookback} before the
 * newest; identification credits the lead with what was kept within the lookback before it.
 */
public record InputPolicy(
    Duration maxFutureSkew, Duration deduplicationWindow, Duration reorderWindow, Integer maxReorderEvents,
    Integer maxIdBytes, Integer maxTextBytes, Duration anonymousLookback, Integer maxAnonymousEvents) {

  public static final InputPolicy DEFAULT = new InputPolicy(null, null, null, null, null, null, null, null);

  public InputPolicy {
    maxFutureSkew = orDefault("maxFutureSkew", maxFutureSkew, Duration.ofHours(1));
    deduplicationWindow = orDefault("deduplicationWindow", deduplicationWindow, Duration.ofDays(7));
    reorderWindow = orDefault("reorderWindow", reorderWindow, Duration.ofHours(1));
    maxReorderEvents = atLeastOne("maxReorderEvents", maxReorderEvents, 100);
    maxIdBytes = atLeastOne("maxIdBytes", maxIdBytes, 256);
    maxTextBytes = atLeastOne("maxTextBytes", maxTextBytes, 8 * 1024);
    anonymousLookback = orDefault("anonymousLookback", anonymousLookback, Duration.ofDays(30));
    maxAnonymousEvents = atLeastOne("maxAnonymousEvents", maxAnonymousEvents, 100);
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

  private static int atLeastOne(String property, Integer value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw new RuleProblem(property, "must be at least 1");
    }
    return value;
  }
}
