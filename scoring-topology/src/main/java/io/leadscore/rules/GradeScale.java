package io.leadscore.rules;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Minimum fit points for grades A, B and C; anything below C is D. */
public record GradeScale(@JsonProperty("A") Double a, @JsonProperty("B") Double b, @JsonProperty("C") Double c) {

  public GradeScale {
    if (a == null || b == null || c == null) {
      throw new RuleProblem(a == null ? "A" : b == null ? "B" : "C", "give the minimum fit points of grades A, B and C");
    }
    if (a < b) {
      throw new RuleProblem("A", "grade A needs at least as many points as B (" + a + " < " + b + ")");
    }
    if (b < c) {
      throw new RuleProblem("B", "grade B needs at least as many points as C (" + b + " < " + c + ")");
    }
  }

  public Grade grade(double fitPoints) {
    if (fitPoints >= a) {
      return Grade.A;
    }
    if (fitPoints >= b) {
      return Grade.B;
    }
    return fitPoints >= c ? Grade.C : Grade.D;
  }
}
