package io.leadscore.rules;

/** Points for a CRM profile that matches {@code when}; negative for a profile outside the target. */
public record FitRule(String id, String description, Criteria when, Double points) {

  public FitRule {
    id = RuleIds.require(id);
    if (when == null || when.conditions().isEmpty()) {
      throw new RuleProblem("when", "a fit rule needs at least one profile condition");
    }
    RuleIds.requirePoints(points);
    description = description == null ? id : description;
  }
}
