package io.leadscore.rules;

import java.util.List;

/**
 * A step of the funnel. A lead enters at {@code entry} points (and one of {@code requireGrades}, if given) and leaves
 * only below {@code exit}, so a score hovering at a threshold does not flap.
 */
public record Stage(
    String id, String description, Double entry, Double exit, List<Grade> requireGrades, Boolean qualified,
    String action) {

  public Stage {
    if (id == null || id.isBlank()) {
      throw new RuleProblem("id", "every stage needs an id");
    }
    exit = exit == null ? entry : exit;
    if (entry != null && exit > entry) {
      throw new RuleProblem("exit", "exit " + exit + " is above entry " + entry + "; a lead would leave as it enters");
    }
    requireGrades = requireGrades == null ? List.of() : List.copyOf(requireGrades);
    qualified = qualified != null && qualified;
    description = description == null ? id : description;
    if (action == null || action.isBlank()) {
      throw new RuleProblem("action", "say what sales or marketing should do with a lead in this stage");
    }
  }

  public boolean admits(Grade grade) {
    return requireGrades.isEmpty() || requireGrades.contains(grade);
  }

  public boolean canEnter(double score, Grade grade) {
    return (entry == null || score >= entry) && admits(grade);
  }

  public boolean canStay(double score, Grade grade) {
    return (exit == null || score >= exit) && admits(grade);
  }
}
