package io.leadscore.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Who gets a new MQL: the account owner first, else the team of the first matching rule, in rotation among its reps
 * who are not away and below their capacity per {@code capacityPeriod}; else the fallback queue. A rep who reports no
 * outcome within {@code sla} loses the lead to the next rep of the team. A lead queued longer than {@code queueSla}
 * raises an alert, once each time it is queued.
 */
public record Routing(
    Duration sla, Duration capacityPeriod, String fallbackQueue, Boolean accountOwnership, Map<String, Rotation> teams,
    List<RoutingRule> rules, Duration queueSla) {

  public static final Routing NONE = new Routing(null, null, null, null, null, null, null);

  public Routing {
    sla = sla == null ? Duration.ofHours(24) : sla;
    capacityPeriod = capacityPeriod == null ? Duration.ofDays(1) : capacityPeriod;
    if (sla.isNegative() || sla.isZero() || capacityPeriod.isNegative() || capacityPeriod.isZero()) {
      throw new RuleProblem(sla.isNegative() || sla.isZero() ? "sla" : "capacityPeriod", "must be positive");
    }
    queueSla = queueSla == null ? sla : queueSla;
    if (queueSla.isNegative() || queueSla.isZero()) {
      throw new RuleProblem("queueSla", "must be positive");
    }
    fallbackQueue = fallbackQueue == null ? "unassigned" : fallbackQueue;
    accountOwnership = accountOwnership == null || accountOwnership;
    teams = teams == null ? Map.of() : Map.copyOf(teams);
    rules = rules == null ? List.of() : List.copyOf(rules);
    RuleIds.requireUnique("rules", rules, RoutingRule::id, List.of());
  }

  public Rotation rotation(String team) {
    return teams.getOrDefault(team, Rotation.ROUND_ROBIN);
  }
}
