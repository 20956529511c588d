package io.leadscore.rules;

import java.util.ArrayList;
import java.util.List;

/** A versioned rules file: what earns points, what fits, how scores fade, and the stages of the funnel. */
public record ScoringRules(
    String version, InputPolicy input, EngagementRules engagement, FitRules fit, List<Modifier> modifiers,
    Stages stages) {

  public ScoringRules {
    if (version == null || version.isBlank()) {
      throw new RuleProblem("version", "name the version of these rules; it is stamped on every score");
    }
    input = input == null ? InputPolicy.DEFAULT : input;
    engagement = engagement == null ? new EngagementRules(null, null, null) : engagement;
    if (fit == null) {
      throw new RuleProblem("fit", "needs at least the grade thresholds");
    }
    if (stages == null) {
      throw new RuleProblem("stages", "needs the stages of the funnel");
    }
    modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
    // Explanations name rules by id, so an id means one rule across the whole file.
    List<String> taken = new ArrayList<>();
    engagement.rules().forEach(r -> taken.add(r.id()));
    RuleIds.requireUnique("fit.rules", fit.rules(), FitRule::id, taken);
    fit.rules().forEach(r -> taken.add(r.id()));
    RuleIds.requireUnique("modifiers", modifiers, Modifier::id, taken);
  }
}
