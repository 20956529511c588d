package io.leadscore.score;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.FitRule;
import io.leadscore.rules.FitRules;
import java.util.ArrayList;
import java.util.List;

/** Explicit scoring: every profile rule that matches adds its points; the sum gives the grade. */
public final class FitScorer {

  private final FitRules rules;

  public FitScorer(FitRules rules) {
    this.rules = rules;
  }

  /** {@code profile} is null while the lead's CRM profile has not arrived. */
  public Fit score(Attributes profile) {
    if (profile == null) {
      return new Fit(0, rules.withoutProfile(), List.of(), false);
    }
    List<Reason> reasons = new ArrayList<>();
    double points = 0;
    for (FitRule rule : rules.rules()) {
      if (rule.when().matches(profile)) {
        reasons.add(new Reason(ReasonKind.FIT, rule.id(), rule.description(), rule.points()));
        points += rule.points();
      }
    }
    return new Fit(points, rules.grades().grade(points), List.copyOf(reasons), true);
  }
}
