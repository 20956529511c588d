package io.leadscore.api;

import io.leadscore.lifecycle.SalesCycle;
import io.leadscore.lifecycle.StatusTime;
import java.time.Instant;
import java.util.List;

/**
 * A lead's sales status as the API shows it: times are ISO-8601 (null for a prospect), and {@code timeInStatus} counts
 * the current status up to now while sales holds the lead.
 */
public record SalesStatusView(String status, int cycle, String since, String cycleStartedAt, String qualifiedAt,
    List<StatusTime> timeInStatus) {

  static SalesStatusView of(SalesCycle cycle, long now) {
    return new SalesStatusView(cycle.status().name(), cycle.cycle(), iso(cycle.since()), iso(cycle.startedAt()),
        iso(cycle.qualifiedAt()), cycle.since() == null ? List.of() : cycle.timeInStatus(now));
  }

  private static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }
}
