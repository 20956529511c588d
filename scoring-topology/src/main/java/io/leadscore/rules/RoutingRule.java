package io.leadscore.rules;

import java.util.List;

/**
 * Sends a qualified lead to {@code team} when its profile matches {@code when}, its grade is one of {@code grades} and
 * it earned points from one of the engagement rules in {@code interestedIn}; each part left out matches every lead.
 */
public record RoutingRule(
    String id, String description, Criteria when, List<Grade> grades, List<String> interestedIn, String team) {

  public RoutingRule {
    id = RuleIds.require(id);
    if (team == null || team.isBlank()) {
      throw new RuleProblem("team", "name the team this rule routes to");
    }
    when = when == null ? Criteria.ANY : when;
    grades = grades == null ? List.of() : List.copyOf(grades);
    interestedIn = interestedIn == null ? List.of() : List.copyOf(interestedIn);
    description = description == null ? id : description;
  }
}
