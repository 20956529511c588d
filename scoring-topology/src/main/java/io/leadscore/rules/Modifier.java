package io.leadscore.rules;

/** Multiplies the stage score of leads whose profile matches {@code when}: 0.7 takes 30% off, 1.5 adds half. */
public record Modifier(String id, String description, Criteria when, Double factor) {

  public Modifier {
    id = RuleIds.require(id);
    if (when == null || when.conditions().isEmpty()) {
      throw new RuleProblem("when", "a modifier needs at least one profile condition");
    }
    if (factor == null || factor <= 0) {
      throw new RuleProblem("factor", "must be above 0, was " + factor);
    }
    description = description == null ? id : description;
  }
}
