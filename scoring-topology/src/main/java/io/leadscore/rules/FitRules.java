package io.leadscore.rules;

import java.util.List;

/** Profile rules (all matching ones add up), the grade scale, and the grade of a lead with no profile yet. */
public record FitRules(List<FitRule> rules, GradeScale grades, Grade withoutProfile) {

  public FitRules {
    rules = rules == null ? List.of() : List.copyOf(rules);
    if (grades == null) {
      throw new RuleProblem("grades", "needs the minimum fit points of grades A, B and C");
    }
    withoutProfile = withoutProfile == null ? Grade.D : withoutProfile;
    RuleIds.requireUnique("rules", rules, FitRule::id, List.of());
  }
}
